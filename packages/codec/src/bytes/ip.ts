/**
 * IP address text <-> bytes, without Node's `net`. Formatting follows
 * RFC 5952 (lowercase, longest run of two or more zero groups shown as `::`),
 * which is what inet_ntop, Wireshark and pmacct print.
 */

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(text: string): boolean {
  return IPV4_RE.test(text);
}

export function isIpv6(text: string): boolean {
  return parseIpv6(text) !== null;
}

/** Dotted-quad text to 4 bytes; throws on anything else (programmer error). */
export function ipv4ToBytes(text: string, field = 'IPv4 address'): Uint8Array {
  const out = new Uint8Array(4);
  if (!parseIpv4Into(text, out, 0)) throw new RangeError(`${field}: '${text}' is not a dotted-decimal IPv4 address`);
  return out;
}

/**
 * Parses dotted-decimal `text` into `out[at..at+4]` without allocating (the
 * encoder's hot path for prefixes). Rejects leading zeros, like IPV4_RE.
 */
export function parseIpv4Into(text: string, out: Uint8Array, at: number): boolean {
  const n = scanIpv4(text, 0, text.length, false);
  if (n < 0) return false;
  out[at] = n >>> 24;
  out[at + 1] = n >>> 16;
  out[at + 2] = n >>> 8;
  out[at + 3] = n;
  return true;
}

/**
 * The unsigned 32-bit value of the dotted quad in `text[start..end)`, or -1;
 * it allocates nothing, so hot paths can read an address out of a prefix
 * (`a.b.c.d/len`) in place. Each octet is 1-3 decimal digits, 0-255, with no
 * sign or whitespace. A leading zero (`010`) is refused unless `leadingZeros`
 * is true, and then read as decimal: other tools read it as octal, so text
 * the lab writes never has one, but some readers accept it for compatibility.
 */
export function scanIpv4(text: string, start = 0, end = text.length, leadingZeros = false): number {
  let part = 0;
  let value = 0;
  let digits = 0;
  let n = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 46; // '.' terminates the last part
    if (c === 46) {
      if (digits === 0 || part > 3) return -1;
      n = n * 256 + value;
      part++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0 && !leadingZeros) return -1;
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return -1;
    } else return -1;
  }
  return part === 4 ? n : -1;
}

/** Dotted-quad text to its unsigned 32-bit value; undefined when it is not one (a leading zero included). */
export function ipv4ToNumber(text: string): number | undefined {
  const n = scanIpv4(text);
  return n < 0 ? undefined : n;
}

/**
 * Like ipv4ToNumber, but `010.0.0.1` is 10.0.0.1 (decimal): for places that
 * have always accepted such text (environment variables, HOST, bulk ranges).
 */
export function ipv4ToNumberAllowingLeadingZeros(text: string): number | undefined {
  const n = scanIpv4(text, 0, text.length, true);
  return n < 0 ? undefined : n;
}

/** An unsigned 32-bit value as dotted-quad text. */
export function numberToIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function formatIpv4(b: Uint8Array, at = 0): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** IPv6 text (with `::` and an optional trailing dotted quad) to 16 bytes; throws if invalid. */
export function ipv6ToBytes(text: string, field = 'IPv6 address'): Uint8Array {
  const b = parseIpv6(text);
  if (b === null) throw new RangeError(`${field}: '${text}' is not an IPv6 address`);
  return b;
}

function parseIpv6(text: string): Uint8Array | null {
  if (text.length < 2 || text.length > 45) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as string;
      if (i === parts.length - 1 && p.includes('.')) {
        if (!IPV4_RE.test(p)) return null;
        const q = p.split('.').map(Number) as [number, number, number, number];
        out.push((q[0] << 8) | q[1], (q[2] << 8) | q[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
        out.push(parseInt(p, 16));
      } else return null;
    }
    return out;
  };
  const head = parseGroups(halves[0] as string);
  const tail = halves.length === 2 ? parseGroups(halves[1] as string) : [];
  if (head === null || tail === null) return null;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  const groups = [...head, ...new Array<number>(fill).fill(0), ...tail];
  const b = new Uint8Array(16);
  groups.forEach((g, i) => {
    b[i * 2] = g >>> 8;
    b[i * 2 + 1] = g & 0xff;
  });
  return b;
}

export function formatIpv6(b: Uint8Array, at = 0): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(((b[at + i * 2] as number) << 8) | (b[at + i * 2 + 1] as number));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (xs: number[]): string => xs.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

/** Either family to bytes (4 or 16). */
export function ipToBytes(text: string, field = 'IP address'): Uint8Array {
  return text.includes(':') ? ipv6ToBytes(text, field) : ipv4ToBytes(text, field);
}
