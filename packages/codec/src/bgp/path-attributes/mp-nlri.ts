import type { ByteReader } from '../../bytes/reader.js';
import type { ByteWriter } from '../../bytes/writer.js';
import { toHex } from '../../bytes/hex.js';
import { formatIpv4, formatIpv6, ipv4ToBytes, ipv6ToBytes } from '../../bytes/ip.js';
import { LastText } from '../../bytes/last-text.js';
import { fail, ok, type Result } from '../../errors.js';
import { AFI, SAFI } from '../constants.js';
import { readPrefixes, writePrefix, type IpFamily } from '../nlri.js';
import { readVpnPrefixes, writeVpnPrefix, WITHDRAWN_LABEL_ENTRY } from '../vpn-nlri.js';
import type { AttributeContext } from './context.js';
import type { PrefixList } from '../prefix-run.js';
import type { PathAttribute } from './types.js';

/**
 * MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760 §3, §4) for IPv4/IPv6 unicast
 * and multicast, and MPLS-labeled VPN-IPv4/VPN-IPv6 (SAFI 128, RFC 4364
 * §4.3.4, RFC 4659 §3.2). Other AFI/SAFI pairs are returned as `unknown` attributes.
 * RFC 7606 §7.11: a malformed MP attribute means session reset.
 */

export function familyOf(afi: number, safi: number): IpFamily | null {
  if (safi !== SAFI.UNICAST && safi !== SAFI.MULTICAST && safi !== SAFI.MPLS_VPN) return null;
  return afi === AFI.IPV4 ? 'ipv4' : afi === AFI.IPV6 ? 'ipv6' : null;
}

function opaque(v: ByteReader, ctx: AttributeContext, start: number): Result<PathAttribute> {
  v.rewind(v.offset - start);
  const value = v.bytesCopy(v.remaining, ctx.field);
  if (value === null) return v.failure();
  v.spans?.field('opaque (unsupported AFI/SAFI)', v.offset, toHex(value.subarray(3)));
  return ok({ type: 'unknown', code: ctx.code, flags: ctx.flags, value });
}

/**
 * The AFI and SAFI both MP attributes start with (RFC 4760 §3, §4); a family
 * this codec does not read keeps the attribute as opaque bytes.
 */
function readFamily(v: ByteReader, ctx: AttributeContext): Result<PathAttribute<PrefixList>> | { afi: number; safi: number; family: IpFamily } {
  const start = v.offset;
  const afi = v.u16(`${ctx.field}.afi`);
  if (afi < 0) return v.failure();
  const safi = v.u8(`${ctx.field}.safi`);
  if (safi < 0) return v.failure();
  if (v.spans !== null) {
    v.spans.field('AFI', start + 2, afi);
    v.spans.field('SAFI', start + 3, safi);
  }
  const family = familyOf(afi, safi);
  return family === null ? opaque(v, ctx, start) : { afi, safi, family };
}

/** A table dump repeats one IPv6 next hop in every MP_REACH_NLRI: its text is made once while it repeats. */
const ipv6NextHopText = new LastText(16, (b) => formatIpv6(b));

export function readMpReach(v: ByteReader, ctx: AttributeContext): Result<PathAttribute<PrefixList>> {
  const t = v.spans;
  const head = readFamily(v, ctx);
  if ('ok' in head) return head;
  const { afi, safi, family } = head;
  const nhAt = v.offset;
  const nhLen = v.u8(`${ctx.field}.next hop length`);
  if (nhLen < 0) return v.failure();
  t?.field('next hop length', v.offset, nhLen);
  const nh = v.view(nhLen, `${ctx.field}.next hop`);
  if (nh === null) return v.failure();
  const nextHops: string[] = [];
  const vpn = safi === SAFI.MPLS_VPN;
  if (vpn) {
    // RFC 4364 §4.3.2, RFC 4659 §3.2.1: each VPN next hop is an RD of zero, then the address (12, 24 or 48 octets).
    const rdAt = nhLen === 12 || nhLen === 24 ? [0] : nhLen === 48 ? [0, 24] : null;
    if (rdAt === null) {
      return fail(
        'BGP_BAD_NEXT_HOP_LENGTH',
        nhAt,
        `${ctx.field}.next hop length`,
        `MP_REACH_NLRI VPN next hop length ${nhLen} at offset ${nhAt} is not 12, 24 or 48.`,
        ctx.handling,
      );
    }
    for (const at of rdAt) {
      if (nh.subarray(at, at + 8).some((b) => b !== 0)) {
        return fail(
          'BGP_BAD_NEXT_HOP_LENGTH',
          nhAt + 1 + at,
          `${ctx.field}.next hop`,
          `MP_REACH_NLRI VPN next hop at offset ${nhAt + 1 + at} has a non-zero route distinguisher (RFC 4364 §4.3.2 sets it to zero).`,
          ctx.handling,
        );
      }
    }
    if (nhLen === 12) nextHops.push(formatIpv4(nh, 8));
    else {
      nextHops.push(formatIpv6(nh, 8));
      if (nhLen === 48) nextHops.push(formatIpv6(nh, 32));
    }
  } else if (nhLen === 4)
    nextHops.push(formatIpv4(nh)); // RFC 4760 §3 (IPv4: 4), RFC 2545 §3 (IPv6: 16, or 32 with a link-local), RFC 8950 §3.
  else if (nhLen === 16 || nhLen === 32) {
    nextHops.push(ipv6NextHopText.of(nh.subarray(0, 16)));
    if (nhLen === 32) nextHops.push(formatIpv6(nh, 16));
  } else {
    return fail('BGP_BAD_NEXT_HOP_LENGTH', nhAt, `${ctx.field}.next hop length`, `MP_REACH_NLRI next hop length ${nhLen} at offset ${nhAt} is not 4, 16 or 32.`, ctx.handling);
  }
  if (t !== null) {
    t.open('next hop', v.offset);
    const single = vpn ? (nhLen === 48 ? 24 : nhLen) : Math.min(nhLen, 16);
    t.field(nextHops[0]!.includes(':') ? 'IPv6 next hop' : 'IPv4 next hop', nhAt + 1 + single, nextHops[0]);
    if (nextHops.length === 2) t.field('IPv6 link-local next hop', v.offset, nextHops[1]);
    t.close();
  }
  const reserved = v.u8(`${ctx.field}.reserved`);
  if (reserved < 0) return v.failure();
  if (t !== null) {
    t.field('reserved', v.offset, reserved);
    t.open('NLRI', v.end);
  }
  if (vpn) {
    const labels: number[][] = [];
    const nlri = readVpnPrefixes(v, family, `${ctx.field}.nlri`, ctx.handling, labels, false);
    if (nlri === null) return v.failure();
    t?.close();
    return ok({ type: 'mpReachNlri', afi, safi, nextHops, nlri, labels });
  }
  const nlri = readPrefixes(v, family, `${ctx.field}.nlri`, ctx.handling);
  if (nlri === null) return v.failure();
  t?.close();
  return ok({ type: 'mpReachNlri', afi, safi, nextHops, nlri });
}

export function readMpUnreach(v: ByteReader, ctx: AttributeContext): Result<PathAttribute<PrefixList>> {
  const head = readFamily(v, ctx);
  if ('ok' in head) return head;
  const { afi, safi, family } = head;
  v.spans?.open('withdrawn routes', v.end);
  if (safi === SAFI.MPLS_VPN) {
    const labels: number[][] = [];
    const withdrawnRoutes = readVpnPrefixes(v, family, `${ctx.field}.withdrawn routes`, ctx.handling, labels, true);
    if (withdrawnRoutes === null) return v.failure();
    v.spans?.close();
    // Only compatibility labels: left out, as the encoder writes them by default.
    if (labels.every((s) => s.length === 1 && s[0] === WITHDRAWN_LABEL_ENTRY)) return ok({ type: 'mpUnreachNlri', afi, safi, withdrawnRoutes });
    return ok({ type: 'mpUnreachNlri', afi, safi, withdrawnRoutes, labels });
  }
  const withdrawnRoutes = readPrefixes(v, family, `${ctx.field}.withdrawn routes`, ctx.handling);
  if (withdrawnRoutes === null) return v.failure();
  v.spans?.close();
  return ok({ type: 'mpUnreachNlri', afi, safi, withdrawnRoutes });
}

function requireFamily(afi: number, safi: number, field: string): IpFamily {
  const family = familyOf(afi, safi);
  if (family === null) throw new RangeError(`${field}: AFI ${afi} SAFI ${safi} is not supported (use an 'unknown' attribute)`);
  return family;
}

export function writeMpReach(w: ByteWriter, a: Extract<PathAttribute, { type: 'mpReachNlri' }>): void {
  const family = requireFamily(a.afi, a.safi, 'MP_REACH_NLRI');
  w.u16(a.afi, 'MP_REACH_NLRI.afi').u8(a.safi, 'MP_REACH_NLRI.safi');
  const hops = a.nextHops.map((h) => (h.includes(':') ? ipv6ToBytes(h, 'MP_REACH_NLRI.next hop') : ipv4ToBytes(h, 'MP_REACH_NLRI.next hop')));
  const total = hops.reduce((n, h) => n + h.length, 0);
  if (!(total === 4 && hops.length === 1) && !(total === 16 * hops.length && hops.length >= 1 && hops.length <= 2)) {
    throw new RangeError('MP_REACH_NLRI.nextHops: give one IPv4 address, or one or two IPv6 addresses');
  }
  const vpn = a.safi === SAFI.MPLS_VPN;
  w.u8(total + (vpn ? 8 * hops.length : 0), 'MP_REACH_NLRI.next hop length');
  for (const h of hops) {
    if (vpn) w.bytes(ZERO_RD);
    w.bytes(h);
  }
  w.u8(0, 'MP_REACH_NLRI.reserved');
  if (vpn) {
    const labels = a.labels;
    if (labels === undefined || labels.length !== a.nlri.length) throw new RangeError('MP_REACH_NLRI.labels: SAFI 128 needs one label stack per prefix');
    a.nlri.forEach((p, i) => writeVpnPrefix(w, p, labels[i]!, family, 'MP_REACH_NLRI.nlri'));
    return;
  }
  for (const p of a.nlri) writePrefix(w, p, family, 'MP_REACH_NLRI.nlri');
}

export function writeMpUnreach(w: ByteWriter, a: Extract<PathAttribute, { type: 'mpUnreachNlri' }>): void {
  const family = requireFamily(a.afi, a.safi, 'MP_UNREACH_NLRI');
  w.u16(a.afi, 'MP_UNREACH_NLRI.afi').u8(a.safi, 'MP_UNREACH_NLRI.safi');
  if (a.safi === SAFI.MPLS_VPN) {
    const labels = a.labels;
    if (labels !== undefined && labels.length !== a.withdrawnRoutes.length) throw new RangeError('MP_UNREACH_NLRI.labels: one label stack per prefix, or none');
    a.withdrawnRoutes.forEach((p, i) => writeVpnPrefix(w, p, labels?.[i] ?? COMPATIBILITY, family, 'MP_UNREACH_NLRI.withdrawn routes'));
    return;
  }
  for (const p of a.withdrawnRoutes) writePrefix(w, p, family, 'MP_UNREACH_NLRI.withdrawn routes');
}

/** The zero route distinguisher of a VPN next hop (RFC 4364 §4.3.2). */
const ZERO_RD = new Uint8Array(8);
const COMPATIBILITY = [WITHDRAWN_LABEL_ENTRY];
