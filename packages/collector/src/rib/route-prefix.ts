import { formatIpv6, ipv4Netmask, ipv4ToNumber, ipv6ToBytes, isIpv4, isIpv6, numberToIpv4 } from '@bmp-lab/codec';

/** A prefix as the route tables key it. */
export type RoutePrefix = { family: 4; address: number; length: number; text: string } | { family: 6; words: Uint32Array; length: number; text: string };

/**
 * `203.0.113.0/24` or `2001:db8::/32` (any valid IPv6 spelling) to a
 * RoutePrefix with its canonical text; a sentence saying what is wrong
 * otherwise (host bits set included: a route's prefix has none).
 */
export function parseRoutePrefix(text: string): RoutePrefix | string {
  const slash = text.indexOf('/');
  if (slash < 0 || !/^\d{1,3}$/.test(text.slice(slash + 1))) return `"${text}" is not a prefix in CIDR form (address/length, e.g. 203.0.113.0/24 or 2001:db8::/32)`;
  const address = text.slice(0, slash);
  const length = Number(text.slice(slash + 1));
  if (isIpv4(address)) {
    if (length > 32) return `"${text}": an IPv4 prefix length is 0..32`;
    const n = ipv4ToNumber(address) as number;
    const masked = (n & ipv4Netmask(length)) >>> 0;
    if (masked !== n) return `"${text}" has host bits set; the prefix is ${numberToIpv4(masked)}/${length}`;
    return { family: 4, address: n, length, text: `${numberToIpv4(n)}/${length}` };
  }
  if (isIpv6(address)) {
    if (length > 128) return `"${text}": an IPv6 prefix length is 0..128`;
    const bytes = ipv6ToBytes(address);
    const masked = maskIpv6(bytes, length);
    const canonical = `${formatIpv6(masked)}/${length}`;
    if (masked.some((b, i) => b !== bytes[i])) return `"${text}" has host bits set; the prefix is ${canonical}`;
    return { family: 6, words: ipv6Words(masked, new Uint32Array(4)), length, text: canonical };
  }
  return `"${text}" is not a prefix: ${address} is neither an IPv4 nor an IPv6 address`;
}

export function maskIpv6(bytes: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const bits = Math.max(0, Math.min(8, length - i * 8));
    out[i] = (bytes[i] as number) & ((0xff00 >> bits) & 0xff);
  }
  return out;
}

/** 16 bytes → four 32-bit words, most significant first. */
export function ipv6Words(b: Uint8Array, out: Uint32Array): Uint32Array {
  for (let i = 0; i < 4; i++) out[i] = (((b[i * 4] as number) << 24) | ((b[i * 4 + 1] as number) << 16) | ((b[i * 4 + 2] as number) << 8) | (b[i * 4 + 3] as number)) >>> 0;
  return out;
}

const scratch = new Uint8Array(16);
/** Four words → IPv6 prefix text. */
export function formatIpv6Prefix(words: Uint32Array, length: number): string {
  for (let i = 0; i < 4; i++) {
    const w = words[i] as number;
    scratch[i * 4] = w >>> 24;
    scratch[i * 4 + 1] = w >>> 16;
    scratch[i * 4 + 2] = w >>> 8;
    scratch[i * 4 + 3] = w;
  }
  return `${formatIpv6(scratch)}/${length}`;
}
