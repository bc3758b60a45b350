import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { toHex } from '../bytes/hex.js';
import { formatIpv4Prefix, formatIpv6Prefix, ipv4Netmask, parseIpv4Into, parseIpv6Into } from '../bytes/ip.js';
import type { ErrorHandling } from '../errors.js';
import { PrefixRun, type PrefixList } from './prefix-run.js';

/**
 * NLRI prefixes (RFC 4271 §4.3, RFC 4760 §5): a 1-octet length in bits
 * followed by the minimum number of octets. Prefixes are strings like
 * `198.51.100.0/24` or `2001:db8::/32`; bits past the length are zeroed
 * (RFC 4271 §4.3: "trailing bits ... irrelevant").
 */

export type IpFamily = 'ipv4' | 'ipv6';

/**
 * Reads prefixes until the reader's range ends; `null` means `r.failure()`
 * holds the error. A dissection gets one `prefix` node per prefix. A reader
 * asked for prefix runs (`prefixRuns`, not dissecting) checks every prefix
 * the same way and gives a PrefixRun over the bytes instead of text.
 */
export function readPrefixes(r: ByteReader, family: IpFamily, field: string, handling: ErrorHandling): PrefixList | null {
  const t = r.spans;
  const run = r.prefixRuns && t === null;
  const start = r.offset;
  let count = 0;
  // Text only when not reading a run: a table dump decodes thousands of fields a second as runs.
  const out: string[] | null = run ? null : [];
  const v4 = family === 'ipv4';
  const max = v4 ? 32 : 128;
  const lengthField = `${field}.length`;
  const prefixField = `${field}.prefix`;
  while (!r.atEnd) {
    const at = r.offset;
    const len = r.u8(lengthField);
    if (len < 0) return null;
    if (len > max) {
      r.fail('BGP_BAD_PREFIX_LENGTH', at, lengthField, `Prefix length ${len} at offset ${at} exceeds ${max} bits for ${family}.`, handling);
      return null;
    }
    const n = (len + 7) >> 3;
    if (run) {
      if (!r.skip(n, prefixField)) return prefixCut(r, at, len, n, prefixField, handling);
      count++;
      continue;
    }
    // IPv4 as one 32-bit number (no copy, no fill) and text from tables of its octets: a table dump of a million
    // routes spends most of its decoding time here.
    const address = v4 ? r.leftAligned32(n, prefixField) : -1;
    if (v4 ? address < 0 : !readIpv6Into(r, n, len, prefixField)) return prefixCut(r, at, len, n, prefixField, handling);
    const prefix = v4 ? formatIpv4Prefix((address & ipv4Netmask(len)) >>> 0, len) : formatIpv6Prefix(full16, 0, len);
    out!.push(prefix);
    if (t !== null) {
      t.open('prefix', r.offset, prefix);
      t.field('prefix length', at + 1, len);
      t.field('prefix bytes', r.offset, toHex(r.bytesBefore(n)));
      t.close();
    }
  }
  return out === null ? new PrefixRun(family, r.source, start, r.offset, count) : out;
}

/** A prefix whose address bytes run past its field: the error, recorded on `r`. */
function prefixCut(r: ByteReader, at: number, len: number, n: number, field: string, handling: ErrorHandling): null {
  r.fail('BGP_BAD_PREFIX_LENGTH', at, field, `Prefix /${len} at offset ${at} needs ${n} address bytes but the field ends first.`, handling);
  return null;
}

/** The next `n` bytes into full16, zero-filled past them, the bits past `len` zeroed. */
function readIpv6Into(r: ByteReader, n: number, len: number, field: string): boolean {
  full16.fill(0);
  if (!r.readInto(n, full16, field)) return false;
  if (len & 7) full16[n - 1] = (full16[n - 1] as number) & (0xff << (8 - (len & 7)));
  return true;
}

const full16 = new Uint8Array(16);
const scratch = new Uint8Array(16);

/** The prefix length after the '/' at `slash` (1-3 decimal digits), or -1. */
function prefixLength(prefix: string, slash: number): number {
  const digits = prefix.length - slash - 1;
  if (slash < 0 || digits < 1 || digits > 3) return -1;
  let v = 0;
  for (let i = slash + 1; i < prefix.length; i++) {
    const c = prefix.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** Writes one prefix; throws on a malformed prefix string (programmer error). */
export function writePrefix(w: ByteWriter, prefix: string, family: IpFamily, field: string): void {
  const slash = prefix.indexOf('/');
  const max = family === 'ipv4' ? 32 : 128;
  const len = prefixLength(prefix, slash);
  if (!(len >= 0 && len <= max)) throw new RangeError(`${field}: '${prefix}' is not an ${family} prefix (address/length)`);
  const addr = prefix.slice(0, slash);
  if (family === 'ipv4') {
    if (!parseIpv4Into(addr, scratch, 0)) throw new RangeError(`${field}: '${prefix}' is not an ipv4 prefix (address/length)`);
  } else if (!parseIpv6Into(addr, scratch)) throw new RangeError(`${field}: '${addr}' is not an IPv6 address`);
  const n = (len + 7) >> 3;
  if (len & 7) scratch[n - 1] = (scratch[n - 1] as number) & (0xff << (8 - (len & 7)));
  w.u8(len, field);
  w.bytesN(scratch, n);
}

export function familyOfPrefix(prefix: string): IpFamily {
  return prefix.includes(':') ? 'ipv6' : 'ipv4';
}
