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
  const b = new Uint8Array(16);
  return parseIpv6Into(text, b) ? b : null;
}

/** Groups read so far by parseIpv6Into (one parse at a time: the event loop is single-threaded). */
const SCAN_GROUPS = new Uint16Array(8);

/**
 * Reads IPv6 text (RFC 4291 §2.2: 1-4 hex digits per group, at most one
 * `::`, an optional dotted quad as the last 32 bits) into `out[0..16)` in
 * one pass over the characters; false (out unspecified) when it is not one.
 * Prefix encoders and the station parse a prefix per route, so this
 * allocates nothing: splitting and matching each group made an IPv6 table
 * dump several times slower than an IPv4 one.
 */
export function parseIpv6Into(text: string, out: Uint8Array): boolean {
  const end = text.length;
  if (end < 2 || end > 45) return false;
  const groups = SCAN_GROUPS;
  let n = 0;
  /** The group index where `::` stands, or -1. */
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
  }
  while (i < end) {
    let value = 0;
    let digits = 0;
    let j = i;
    for (; j < end; j++) {
      const c = text.charCodeAt(j);
      const h = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (h < 0) break;
      if (++digits > 4) return false;
      value = value * 16 + h;
    }
    if (j < end && text.charCodeAt(j) === 46) {
      // A dotted quad: the last two groups, and nothing after it.
      if (n > 6) return false;
      const q = scanIpv4(text, i, end, false);
      if (q < 0) return false;
      groups[n++] = q >>> 16;
      groups[n++] = q & 0xffff;
      break;
    }
    if (digits === 0 || n === 8) return false;
    groups[n++] = value;
    if (j === end) break;
    if (text.charCodeAt(j) !== 58 || j + 1 === end) return false;
    j++;
    if (text.charCodeAt(j) === 58) {
      if (gap >= 0) return false;
      gap = n;
      j++;
    }
    i = j;
  }
  if (gap >= 0 ? n > 7 : n !== 8) return false;
  out.fill(0, 0, 16);
  const head = gap >= 0 ? gap : n;
  for (let k = 0; k < head; k++) {
    out[k * 2] = groups[k]! >>> 8;
    out[k * 2 + 1] = groups[k]! & 0xff;
  }
  // The groups after `::` go to the end; the zeros it stands for stay in between.
  for (let k = head, at = 16 - (n - head) * 2; k < n; k++, at += 2) {
    out[at] = groups[k]! >>> 8;
    out[at + 1] = groups[k]! & 0xff;
  }
  return true;
}

/**
 * 16 bytes as RFC 5952 text: lower case, no leading zeros, the first longest
 * run of two or more zero groups as `::`.
 */
export function formatIpv6(b: Uint8Array, at = 0): string {
  return formatIpv6Text(b, at, -1);
}

/** The netmask of each IPv4 prefix length as an unsigned 32-bit number (bits past the length zeroed). */
const IPV4_NETMASKS = Array.from({ length: 33 }, (_, len) => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0));

/** The netmask of an IPv4 prefix length 0..32, as an unsigned 32-bit number (`24` → 0xffffff00). */
export function ipv4Netmask(length: number): number {
  return IPV4_NETMASKS[length] as number;
}

const DOTTED_OCTETS = Array.from({ length: 256 }, (_, i) => `${i}.`);
const OCTETS = Array.from({ length: 256 }, (_, i) => `${i}`);
const SLASH_LENGTHS = Array.from({ length: 129 }, (_, i) => `/${i}`);

/**
 * `a.b.c.d/len` of an address given as an unsigned 32-bit number, from tables
 * of the octets' text: a decoder turning a million prefixes into text spends
 * a good part of its time here.
 */
export function formatIpv4Prefix(address: number, len: number): string {
  return DOTTED_OCTETS[address >>> 24]! + DOTTED_OCTETS[(address >>> 16) & 255]! + DOTTED_OCTETS[(address >>> 8) & 255]! + OCTETS[address & 255]! + SLASH_LENGTHS[len]!;
}

/** A prefix's text, `address/length`, from its 16 address bytes (host bits already zeroed). */
export function formatIpv6Prefix(b: Uint8Array, at: number, length: number): string {
  return formatIpv6Text(b, at, length);
}

/** Character codes of the text being built (one at a time: the event loop is single-threaded). */
/** An octet in lowercase hex without leading zeros, and with (two digits). */
const HEX_OCTETS = Array.from({ length: 256 }, (_, i) => i.toString(16));
const HEX_OCTETS_PADDED = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * The text of formatIpv6, with `/length` after it unless `length` is negative.
 * Built as character codes and made a string once: the station formats every
 * IPv6 prefix it decodes, and adding the groups to a string one at a time
 * (each from `toString(16)`) cost three times as much.
 */
function formatIpv6Text(b: Uint8Array, at: number, length: number): string {
  const embedded = embeddedIpv4Text(b, at);
  if (embedded !== null) return length >= 0 ? embedded + SLASH_LENGTHS[length]! : embedded;
  let bestStart = -1;
  let bestLen = 1;
  let runStart = -1;
  for (let i = 0; i < 8; i++) {
    if ((b[at + i * 2] as number) === 0 && (b[at + i * 2 + 1] as number) === 0) {
      if (runStart < 0) runStart = i;
      if (i - runStart + 1 > bestLen) {
        bestStart = runStart;
        bestLen = i - runStart + 1;
      }
    } else runStart = -1;
  }
  // Text from tables of hex octets, joined as strings: writing char codes into an array and converting it once
  // cost a slow path per call (setting the array's length, apply), and a table dump formats a million of these.
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += '::';
      i += bestLen - 1;
      continue;
    }
    if (i > 0 && i !== bestStart + bestLen) text += ':';
    const hi = b[at + i * 2] as number;
    const lo = b[at + i * 2 + 1] as number;
    text += hi === 0 ? HEX_OCTETS[lo]! : HEX_OCTETS[hi]! + HEX_OCTETS_PADDED[lo]!;
  }
  return length >= 0 ? text + SLASH_LENGTHS[length]! : text;
}

/**
 * An address with an IPv4 address in its last 32 bits that its first 96 say
 * is one: IPv4-mapped (`::ffff:0:0/96`, RFC 4291 §2.5.5.2), written
 * `::ffff:10.2.2.2`, or IPv4-compatible (`::/96` with bits 96–111 not all
 * zero, RFC 4291 §2.5.5.1), written `::10.2.2.2`; null for any other. RFC 5952
 * §5 recommends this mixed notation, and it is what inet_ntop (so pmbmpd and
 * Wireshark) writes: the station's text of a 6VPE next hop is theirs.
 */
function embeddedIpv4Text(b: Uint8Array, at: number): string | null {
  for (let i = 0; i < 10; i++) if ((b[at + i] as number) !== 0) return null;
  const w5 = ((b[at + 10] as number) << 8) | (b[at + 11] as number);
  const w6 = ((b[at + 12] as number) << 8) | (b[at + 13] as number);
  if (w5 !== 0xffff && !(w5 === 0 && w6 !== 0)) return null;
  return (w5 === 0xffff ? '::ffff:' : '::') + formatIpv4(b, at + 12);
}

/** Either family to bytes (4 or 16). */
export function ipToBytes(text: string, field = 'IP address'): Uint8Array {
  return text.includes(':') ? ipv6ToBytes(text, field) : ipv4ToBytes(text, field);
}
