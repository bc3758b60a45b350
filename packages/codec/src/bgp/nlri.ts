import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { formatIpv4, formatIpv6, ipv6ToBytes, parseIpv4Into } from '../bytes/ip.js';
import type { ErrorHandling } from '../errors.js';

/**
 * NLRI prefixes (RFC 4271 §4.3, RFC 4760 §5): a 1-octet length in bits
 * followed by the minimum number of octets. Prefixes are strings like
 * `198.51.100.0/24` or `2001:db8::/32`; bits past the length are zeroed
 * (RFC 4271 §4.3: "trailing bits ... irrelevant").
 */

export type IpFamily = 'ipv4' | 'ipv6';

/** Reads prefixes until the reader's range ends; `null` means `r.failure()` holds the error. */
export function readPrefixes(r: ByteReader, family: IpFamily, field: string, handling: ErrorHandling): string[] | null {
  const out: string[] = [];
  const max = family === 'ipv4' ? 32 : 128;
  const full = new Uint8Array(family === 'ipv4' ? 4 : 16);
  while (!r.atEnd) {
    const at = r.offset;
    const len = r.u8(`${field}.length`);
    if (len < 0) return null;
    if (len > max) {
      r.fail('BGP_BAD_PREFIX_LENGTH', at, `${field}.length`, `Prefix length ${len} at offset ${at} exceeds ${max} bits for ${family}.`, handling);
      return null;
    }
    const n = (len + 7) >> 3;
    const bytes = r.view(n, `${field}.prefix`);
    if (bytes === null) {
      r.fail('BGP_BAD_PREFIX_LENGTH', at, `${field}.prefix`, `Prefix /${len} at offset ${at} needs ${n} address bytes but the field ends first.`, handling);
      return null;
    }
    full.fill(0);
    full.set(bytes);
    if (len & 7) full[n - 1] = (full[n - 1] as number) & (0xff << (8 - (len & 7)));
    out.push(`${family === 'ipv4' ? formatIpv4(full) : formatIpv6(full)}/${len}`);
  }
  return out;
}

const scratch = new Uint8Array(16);

/** Writes one prefix; throws on a malformed prefix string (programmer error). */
export function writePrefix(w: ByteWriter, prefix: string, family: IpFamily, field: string): void {
  const slash = prefix.indexOf('/');
  const max = family === 'ipv4' ? 32 : 128;
  const lenText = slash < 0 ? '' : prefix.slice(slash + 1);
  const len = lenText.length >= 1 && lenText.length <= 3 && /^\d+$/.test(lenText) ? Number(lenText) : NaN;
  if (!(len >= 0 && len <= max)) throw new RangeError(`${field}: '${prefix}' is not an ${family} prefix (address/length)`);
  const addr = prefix.slice(0, slash);
  if (family === 'ipv4') {
    if (!parseIpv4Into(addr, scratch, 0)) throw new RangeError(`${field}: '${prefix}' is not an ipv4 prefix (address/length)`);
  } else scratch.set(ipv6ToBytes(addr, field));
  const n = (len + 7) >> 3;
  if (len & 7) scratch[n - 1] = (scratch[n - 1] as number) & (0xff << (8 - (len & 7)));
  w.u8(len, field);
  if (n > 0) w.bytes(scratch.subarray(0, n));
}

export function familyOfPrefix(prefix: string): IpFamily {
  return prefix.includes(':') ? 'ipv6' : 'ipv4';
}
