import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { fromHex, toHex } from '../bytes/hex.js';
import { formatIpv6Prefix, ipv6ToBytes, isIpv4, parseIpv4Into } from '../bytes/ip.js';
import type { ErrorHandling } from '../errors.js';
import type { IpFamily } from './nlri.js';

/**
 * Labeled VPN-IPv4 and VPN-IPv6 NLRI (SAFI 128): RFC 4364 §4.3.4 (the
 * MPLS label stack of RFC 8277 §2, an 8-octet route distinguisher, then the
 * IPv4 prefix) and RFC 4659 §3.2 (the same with an IPv6 prefix). The length
 * octet counts the bits of all three.
 *
 * A VPN prefix is text `RD:prefix`, the route distinguisher as RFC 4364 §4.2
 * writes it (`200:1`, `192.0.2.1:7`, `4200000000:7`) then the prefix
 * (`200:1:10.1.0.0/24`, `200:1:2001:db8:1::/64`); an RD that would not read
 * back to the same eight octets in that form (an unknown type, a type 2 with
 * a 2-octet ASN) is written `0x` and 16 hex digits. Each prefix's label
 * stack is kept beside it as its 3-octet entries (label << 4 | EXP << 1 | S).
 */

/** RFC 8277 §2.4 (and RFC 3107 before it): the label field of a withdrawn route, the "compatibility" value. */
export const WITHDRAWN_LABEL_ENTRY = 0x800000;

/** A label stack entry with the bottom-of-stack bit set, for one MPLS label (0..1048575). */
export function mplsLabelEntry(label: number): number {
  return ((label & 0xfffff) << 4) | 1;
}

/** The 20-bit label of a 3-octet label stack entry. */
export function mplsLabelOf(entry: number): number {
  return entry >>> 4;
}

/** A route distinguisher's eight octets from text (`200:1`, `192.0.2.1:7`, `4200000000:7`, `0x` + 16 hex); null when it is none of them. */
export function routeDistinguisherBytes(text: string): Uint8Array | null {
  if (/^0x[0-9a-fA-F]{16}$/.test(text)) return fromHex(text.slice(2));
  return typedPairBytes(text, 0);
}

/** RFC 4364 §4.2 text of eight RD octets; see the module comment for the `0x` form. */
export function formatRouteDistinguisher(rd: Uint8Array, at = 0): string {
  const text = typedPairText(rd, at, 0);
  return text ?? `0x${toHex(rd.subarray(at, at + 8))}`;
}

/**
 * A route target extended community (RFC 4360 §4 two-octet AS specific and
 * IPv4 address specific, RFC 5668 §2 four-octet AS specific, sub-type 0x02)
 * as 16 hex digits, from `100:1`, `192.0.2.1:5` or `4200000000:5`; null when
 * the text is none of these.
 */
export function routeTargetHex(text: string): string | null {
  const b = typedPairBytes(text, 0x02);
  return b === null ? null : toHex(b);
}

/** `100:1`-style text of a route target extended community (16 hex digits); null for any other community. */
export function formatRouteTarget(hex: string): string | null {
  if (!/^[0-9a-fA-F]{16}$/.test(hex)) return null;
  return typedPairText(fromHex(hex), 0, 0x02);
}

/**
 * Eight octets of an RD (`subtype` 0: a 2-octet type) or a route target
 * (`subtype` 2: a type octet then the sub-type): type 0 ASN(2):number(4),
 * type 1 IPv4:number(2), type 2 ASN(4):number(2).
 */
function typedPairBytes(text: string, subtype: number): Uint8Array | null {
  const i = text.lastIndexOf(':');
  if (i <= 0) return null;
  const admin = text.slice(0, i);
  const numText = text.slice(i + 1);
  if (!/^\d{1,10}$/.test(numText)) return null;
  const num = Number(numText);
  const out = new Uint8Array(8);
  const dv = new DataView(out.buffer);
  const type = (t: number) => {
    if (subtype === 0) dv.setUint16(0, t);
    else {
      out[0] = t;
      out[1] = subtype;
    }
  };
  if (isIpv4(admin)) {
    if (num > 0xffff) return null;
    type(1);
    parseIpv4Into(admin, out, 2);
    dv.setUint16(6, num);
    return out;
  }
  if (!/^\d{1,10}$/.test(admin)) return null;
  const asn = Number(admin);
  if (asn <= 0xffff) {
    if (num > 0xffffffff) return null;
    type(0);
    dv.setUint16(2, asn);
    dv.setUint32(4, num);
    return out;
  }
  if (asn > 0xffffffff || num > 0xffff) return null;
  type(2);
  dv.setUint32(2, asn);
  dv.setUint16(6, num);
  return out;
}

/** The text of eight typed-pair octets when it reads back to the same octets; null otherwise. */
function typedPairText(b: Uint8Array, at: number, subtype: number): string | null {
  const dv = new DataView(b.buffer, b.byteOffset + at, 8);
  let type: number;
  if (subtype === 0) type = dv.getUint16(0);
  else {
    if (b[at + 1] !== subtype) return null;
    type = b[at] as number;
  }
  let text: string;
  if (type === 0) text = `${dv.getUint16(2)}:${dv.getUint32(4)}`;
  else if (type === 1) text = `${b[at + 2]}.${b[at + 3]}.${b[at + 4]}.${b[at + 5]}:${dv.getUint16(6)}`;
  else if (type === 2) text = `${dv.getUint32(2)}:${dv.getUint16(6)}`;
  else return null;
  const back = typedPairBytes(text, subtype);
  return back !== null && toHex(back) === toHex(b.subarray(at, at + 8)) ? text : null;
}

/** The RD part and the prefix part of `RD:prefix` text. */
export function splitVpnPrefix(text: string): { rd: string; prefix: string } | null {
  let cut: number;
  if (text.startsWith('0x')) cut = 18;
  else {
    const first = text.indexOf(':');
    cut = first < 0 ? -1 : text.indexOf(':', first + 1);
  }
  if (cut < 0 || text[cut] !== ':') return null;
  return { rd: text.slice(0, cut), prefix: text.slice(cut + 1) };
}

const scratch = new Uint8Array(16);

/**
 * Reads labeled VPN prefixes until the reader's range ends, each label stack
 * into `labels`; `null` means `r.failure()` holds the error. A withdrawal's
 * stack also ends at the compatibility value 0x800000 or at 0 (RFC 8277
 * §2.4: the label field of a withdrawal has no meaning), whose S bit is clear.
 */
export function readVpnPrefixes(r: ByteReader, family: IpFamily, field: string, handling: ErrorHandling, labels: number[][], withdrawal: boolean): string[] | null {
  const t = r.spans;
  const out: string[] = [];
  const maxPrefix = family === 'ipv4' ? 32 : 128;
  const lengthField = `${field}.length`;
  while (!r.atEnd) {
    const at = r.offset;
    const len = r.u8(lengthField);
    if (len < 0) return null;
    let bits = len;
    const stack: number[] = [];
    for (;;) {
      if (bits < 24) {
        r.fail('BGP_BAD_PREFIX_LENGTH', at, lengthField, `VPN prefix length ${len} at offset ${at} ends inside its label stack.`, handling);
        return null;
      }
      const hi = r.u16(`${field}.label`);
      const lo = hi < 0 ? -1 : r.u8(`${field}.label`);
      if (lo < 0) return null;
      const entry = (hi << 8) | lo;
      stack.push(entry);
      bits -= 24;
      if (entry & 1 || (withdrawal && (entry === WITHDRAWN_LABEL_ENTRY || entry === 0))) break;
    }
    if (bits < 64 || bits - 64 > maxPrefix) {
      r.fail(
        'BGP_BAD_PREFIX_LENGTH',
        at,
        lengthField,
        `VPN prefix length ${len} at offset ${at} leaves ${bits - 64} bits for the ${family} prefix after ${stack.length} label(s) and the RD (0 to ${maxPrefix} allowed).`,
        handling,
      );
      return null;
    }
    const rdBytes = r.view(8, `${field}.route distinguisher`);
    if (rdBytes === null) return null;
    const rd = formatRouteDistinguisher(rdBytes);
    const plen = bits - 64;
    const n = (plen + 7) >> 3;
    scratch.fill(0);
    if (!r.readInto(n, scratch, `${field}.prefix`)) {
      r.fail('BGP_BAD_PREFIX_LENGTH', at, `${field}.prefix`, `VPN prefix /${plen} at offset ${at} needs ${n} address bytes but the field ends first.`, handling);
      return null;
    }
    if (plen & 7) scratch[n - 1] = (scratch[n - 1] as number) & (0xff << (8 - (plen & 7)));
    const prefix = family === 'ipv4' ? `${scratch[0]}.${scratch[1]}.${scratch[2]}.${scratch[3]}/${plen}` : formatIpv6Prefix(scratch, 0, plen);
    const text = `${rd}:${prefix}`;
    if (t !== null) {
      // Recorded once the prefix is read, so the node carries its text as the unicast `prefix` nodes do.
      t.open('prefix', r.offset, text);
      t.field('prefix length', at + 1, len);
      stack.forEach((entry, i) =>
        t.field('label', at + 4 + 3 * i, entry === WITHDRAWN_LABEL_ENTRY ? 'withdrawn (0x800000)' : `${mplsLabelOf(entry)}${entry & 1 ? ' (bottom)' : ''}`),
      );
      t.field('route distinguisher', at + 1 + 3 * stack.length + 8, rd);
      t.field('prefix bytes', r.offset, prefix);
      t.close();
    }
    out.push(text);
    labels.push(stack);
  }
  return out;
}

/** Writes one labeled VPN prefix (`RD:prefix`) with its label stack; throws on malformed text (programmer error). */
export function writeVpnPrefix(w: ByteWriter, text: string, stack: readonly number[], family: IpFamily, field: string): void {
  const parts = splitVpnPrefix(text);
  const rd = parts === null ? null : routeDistinguisherBytes(parts.rd);
  if (parts === null || rd === null) throw new RangeError(`${field}: '${text}' is not RD:prefix`);
  if (stack.length === 0 || stack.some((e) => !Number.isInteger(e) || e < 0 || e > 0xffffff)) throw new RangeError(`${field}: '${text}' needs a label stack of 3-octet entries`);
  const slash = parts.prefix.lastIndexOf('/');
  const plen = Number(parts.prefix.slice(slash + 1));
  const max = family === 'ipv4' ? 32 : 128;
  const addr = parts.prefix.slice(0, slash);
  if (slash < 0 || !Number.isInteger(plen) || plen < 0 || plen > max) throw new RangeError(`${field}: '${text}' is not an ${family} VPN prefix`);
  if (family === 'ipv4') {
    if (!parseIpv4Into(addr, scratch, 0)) throw new RangeError(`${field}: '${text}' is not an ipv4 VPN prefix`);
  } else scratch.set(ipv6ToBytes(addr, field));
  const n = (plen + 7) >> 3;
  if (plen & 7) scratch[n - 1] = (scratch[n - 1] as number) & (0xff << (8 - (plen & 7)));
  w.u8(stack.length * 24 + 64 + plen, `${field}.length`);
  for (const e of stack) w.u16(e >>> 8, `${field}.label`).u8(e & 0xff, `${field}.label`);
  w.bytes(rd);
  w.bytesN(scratch, n);
}
