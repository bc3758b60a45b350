import type { ByteReader } from '../../bytes/reader.js';
import { formatIpv4 } from '../../bytes/ip.js';
import { fail, ok, type Result } from '../../errors.js';
import { badAttributeLength, type AttributeContext } from './context.js';
import { ORIGIN_NAMES, type PathAttribute } from './types.js';

/** Fixed-size attributes of RFC 4271 §5.1 and RFC 4456 §8. Lengths and RFC 7606 handling are checked by the caller's table. */

/** ORIGIN (RFC 4271 §5.1.1): one octet, 0 IGP, 1 EGP, 2 INCOMPLETE; else treat-as-withdraw (RFC 7606 §7.1). */
export function readOrigin(v: ByteReader, ctx: AttributeContext): Result<PathAttribute> {
  if (v.remaining !== 1) return badAttributeLength(ctx, v.remaining, '1');
  const at = v.offset;
  const o = v.u8(`${ctx.field}.value`);
  const value = ORIGIN_NAMES[o];
  v.spans?.field('origin', v.offset, `${value?.toUpperCase() ?? 'invalid'} (${o})`);
  if (value === undefined)
    return fail('BGP_BAD_ORIGIN', at, `${ctx.field}.value`, `ORIGIN at offset ${at} is ${o}; only 0 (IGP), 1 (EGP), 2 (INCOMPLETE) are defined.`, ctx.handling);
  return ok({ type: 'origin', value });
}

/** NEXT_HOP (RFC 4271 §5.1.3): an IPv4 address. */
export function readNextHop(v: ByteReader, ctx: AttributeContext): Result<PathAttribute> {
  if (v.remaining !== 4) return badAttributeLength(ctx, v.remaining, '4');
  const value = formatIpv4(v.view(4, 'NEXT_HOP') ?? new Uint8Array(4));
  v.spans?.field('next hop', v.offset, value);
  return ok({ type: 'nextHop', value });
}

/** MULTI_EXIT_DISC (RFC 4271 §5.1.4): 4 octets. */
export function readMultiExitDisc(v: ByteReader, ctx: AttributeContext): Result<PathAttribute> {
  if (v.remaining !== 4) return badAttributeLength(ctx, v.remaining, '4');
  const value = v.u32('MULTI_EXIT_DISC');
  v.spans?.field('MED', v.offset, value);
  return ok({ type: 'multiExitDisc', value });
}

/** LOCAL_PREF (RFC 4271 §5.1.5): 4 octets. */
export function readLocalPref(v: ByteReader, ctx: AttributeContext): Result<PathAttribute> {
  if (v.remaining !== 4) return badAttributeLength(ctx, v.remaining, '4');
  const value = v.u32('LOCAL_PREF');
  v.spans?.field('local preference', v.offset, value);
  return ok({ type: 'localPref', value });
}

/** ATOMIC_AGGREGATE (RFC 4271 §5.1.6): no value. */
export function readAtomicAggregate(v: ByteReader, ctx: AttributeContext): Result<PathAttribute> {
  if (v.remaining !== 0) return badAttributeLength(ctx, v.remaining, '0');
  return ok({ type: 'atomicAggregate' });
}

/** AGGREGATOR (RFC 4271 §5.1.7, RFC 6793 §4.1): ASN (2 or 4 octets by session) then an IPv4 address. */
export function readAggregator(v: ByteReader, ctx: AttributeContext): Result<PathAttribute> {
  const want = ctx.fourOctetAs ? 8 : 6;
  if (v.remaining !== want) return badAttributeLength(ctx, v.remaining, String(want));
  const asn = ctx.fourOctetAs ? v.u32('AGGREGATOR.asn') : v.u16('AGGREGATOR.asn');
  return ok({ type: 'aggregator', asn, address: aggregatorAddress(v, asn, 'AGGREGATOR.address') });
}

/** AS4_AGGREGATOR (RFC 6793 §3): 4-octet ASN then an IPv4 address. */
export function readAs4Aggregator(v: ByteReader, ctx: AttributeContext): Result<PathAttribute> {
  if (v.remaining !== 8) return badAttributeLength(ctx, v.remaining, '8');
  const asn = v.u32('AS4_AGGREGATOR.asn');
  return ok({ type: 'as4Aggregator', asn, address: aggregatorAddress(v, asn, 'AS4_AGGREGATOR.address') });
}

/** The address after an aggregator's ASN (read just before, recorded here). */
function aggregatorAddress(v: ByteReader, asn: number, field: string): string {
  const t = v.spans;
  t?.field('aggregator AS', v.offset, asn);
  const address = formatIpv4(v.view(4, field) ?? new Uint8Array(4));
  t?.field('aggregator address', v.offset, address);
  return address;
}

/** ORIGINATOR_ID (RFC 4456 §8): a 4-octet router ID. */
export function readOriginatorId(v: ByteReader, ctx: AttributeContext): Result<PathAttribute> {
  if (v.remaining !== 4) return badAttributeLength(ctx, v.remaining, '4');
  const value = formatIpv4(v.view(4, 'ORIGINATOR_ID') ?? new Uint8Array(4));
  v.spans?.field('originator ID', v.offset, value);
  return ok({ type: 'originatorId', value });
}

/** CLUSTER_LIST (RFC 4456 §8): 4-octet cluster IDs. */
export function readClusterList(v: ByteReader, ctx: AttributeContext): Result<PathAttribute> {
  if (v.remaining % 4 !== 0) return badAttributeLength(ctx, v.remaining, 'a multiple of 4');
  const values: string[] = [];
  while (!v.atEnd) {
    const id = formatIpv4(v.view(4, 'CLUSTER_LIST') ?? new Uint8Array(4));
    v.spans?.field('cluster ID', v.offset, id);
    values.push(id);
  }
  return ok({ type: 'clusterList', values });
}
