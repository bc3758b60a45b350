import type { ByteReader } from '../../bytes/reader.js';
import type { SpanRecorder } from '../../bytes/spans.js';
import { ByteWriter } from '../../bytes/writer.js';
import { toHex } from '../../bytes/hex.js';
import { ipv4ToBytes } from '../../bytes/ip.js';
import { ok, type DecodeError, type ErrorHandling, type Result } from '../../errors.js';
import { readAs4Path, readAsPath, writeAsPathSegments } from './as-path.js';
import { readCommunities, readExtendedCommunities, readLargeCommunities, writeCommunities, writeExtendedCommunities, writeLargeCommunities } from './communities.js';
import type { AttributeContext, AttributeDecoder } from './context.js';
import { readMpReach, readMpUnreach, writeMpReach, writeMpUnreach } from './mp-nlri.js';
import { readAggregator, readAs4Aggregator, readAtomicAggregate, readClusterList, readLocalPref, readMultiExitDisc, readNextHop, readOrigin, readOriginatorId } from './scalars.js';
import type { PrefixList } from '../prefix-run.js';
import { ATTRIBUTE_FLAG, ORIGIN_NAMES, PATH_ATTRIBUTE_TYPE as T, defaultAttributeFlags, type PathAttribute } from './types.js';

export * from './types.js';

interface AttributeSpec {
  name: string;
  decode: AttributeDecoder;
  /** RFC 7606 handling for a malformed value. */
  handling: ErrorHandling;
}

/** The field names errors give for an attribute (`UPDATE.path attribute AS_PATH` and its length and value). */
interface AttributeFields {
  field: string;
  length: string;
  value: string;
}

function attributeFields(name: string): AttributeFields {
  const field = `UPDATE.path attribute ${name}`;
  return { field, length: `${field}.length`, value: `${field}.value` };
}

/** Known attributes, with RFC 7606 §7 handling (RFC 6793 §6 for AS4_*, RFC 8092 §6 for large communities). */
const SPECS: Readonly<Record<number, AttributeSpec>> = {
  [T.ORIGIN]: { name: 'ORIGIN', decode: readOrigin, handling: 'treat-as-withdraw' },
  [T.AS_PATH]: { name: 'AS_PATH', decode: readAsPath, handling: 'treat-as-withdraw' },
  [T.NEXT_HOP]: { name: 'NEXT_HOP', decode: readNextHop, handling: 'treat-as-withdraw' },
  [T.MULTI_EXIT_DISC]: { name: 'MULTI_EXIT_DISC', decode: readMultiExitDisc, handling: 'treat-as-withdraw' },
  [T.LOCAL_PREF]: { name: 'LOCAL_PREF', decode: readLocalPref, handling: 'treat-as-withdraw' },
  [T.ATOMIC_AGGREGATE]: { name: 'ATOMIC_AGGREGATE', decode: readAtomicAggregate, handling: 'attribute-discard' },
  [T.AGGREGATOR]: { name: 'AGGREGATOR', decode: readAggregator, handling: 'attribute-discard' },
  [T.COMMUNITIES]: { name: 'COMMUNITIES', decode: readCommunities, handling: 'treat-as-withdraw' },
  [T.ORIGINATOR_ID]: { name: 'ORIGINATOR_ID', decode: readOriginatorId, handling: 'treat-as-withdraw' },
  [T.CLUSTER_LIST]: { name: 'CLUSTER_LIST', decode: readClusterList, handling: 'treat-as-withdraw' },
  [T.MP_REACH_NLRI]: { name: 'MP_REACH_NLRI', decode: readMpReach, handling: 'session-reset' },
  [T.MP_UNREACH_NLRI]: { name: 'MP_UNREACH_NLRI', decode: readMpUnreach, handling: 'session-reset' },
  [T.EXTENDED_COMMUNITIES]: { name: 'EXTENDED_COMMUNITIES', decode: readExtendedCommunities, handling: 'treat-as-withdraw' },
  [T.AS4_PATH]: { name: 'AS4_PATH', decode: readAs4Path, handling: 'attribute-discard' },
  [T.AS4_AGGREGATOR]: { name: 'AS4_AGGREGATOR', decode: readAs4Aggregator, handling: 'attribute-discard' },
  [T.LARGE_COMMUNITY]: { name: 'LARGE_COMMUNITY', decode: readLargeCommunities, handling: 'treat-as-withdraw' },
};

/**
 * Field names by type code, made once: an UPDATE's every attribute names its
 * fields in case of an error, and making the text per attribute read was a
 * good part of the garbage a table dump left.
 */
const FIELDS: readonly AttributeFields[] = Array.from({ length: 256 }, (_, code) => attributeFields(SPECS[code]?.name ?? String(code)));

/**
 * Reads the Path Attributes field of an UPDATE (RFC 4271 §4.3); the reader
 * spans exactly Total Path Attribute Length octets.
 *
 * RFC 7606 "attribute-discard" errors (a malformed ATOMIC_AGGREGATE,
 * AGGREGATOR, AS4_PATH or AS4_AGGREGATOR; a repeated attribute other than
 * MP_REACH/MP_UNREACH_NLRI) do not fail the UPDATE: that one attribute is
 * left out, the error is appended to `warnings`, and decoding goes on.
 * Every other error fails the UPDATE with its RFC 7606 handling.
 */
export function readPathAttributes(r: ByteReader, fourOctetAs: boolean, warnings: DecodeError[]): Result<PathAttribute<PrefixList>[]> {
  const t = r.spans;
  const out: PathAttribute<PrefixList>[] = [];
  // Type codes seen so far, as bits (codes 0..255 in eight words): no Set per UPDATE.
  const seen = [0, 0, 0, 0, 0, 0, 0, 0];
  while (!r.atEnd) {
    const at = r.offset;
    const flags = r.u8('UPDATE.path attribute.flags');
    if (flags < 0) return r.failure();
    const code = r.u8('UPDATE.path attribute.type code');
    if (code < 0) return r.failure();
    const spec = SPECS[code];
    const names = FIELDS[code] as AttributeFields;
    const field = names.field;
    const length = flags & ATTRIBUTE_FLAG.EXTENDED_LENGTH ? r.u16(names.length) : r.u8(names.length);
    if (length < 0) return r.failure();
    // RFC 7606 §4: an attribute running past the attribute section is treat-as-withdraw.
    const v = r.sub(length, names.value, 'BGP_BAD_ATTRIBUTE_LENGTH', 'BGP_BAD_ATTRIBUTE_LENGTH', spec?.handling ?? 'treat-as-withdraw');
    if (v === null)
      return r.fail(
        'BGP_BAD_ATTRIBUTE_LENGTH',
        at,
        names.length,
        `${field} at offset ${at} declares ${length} bytes but only ${r.remaining} remain in the path attributes.`,
        'treat-as-withdraw',
      );
    // In a dissection: the attribute, its header fields, and a `value` structure its decoder fills.
    const mark = t === null ? 0 : openAttribute(t, spec?.name ?? `attribute ${code}`, flags, code, length, v.offset, v.end);
    const word = code >> 5;
    const bit = 1 << (code & 31);
    if ((seen[word] as number) & bit) {
      // RFC 7606 §3 (g): repeated MP_REACH/MP_UNREACH resets the session; other repeats are discarded.
      const mp = code === T.MP_REACH_NLRI || code === T.MP_UNREACH_NLRI;
      const dup = r.fail('BGP_DUPLICATE_ATTRIBUTE', at, field, `${field} at offset ${at} appears more than once.`, mp ? 'session-reset' : 'attribute-discard');
      if (mp) return dup;
      warnings.push(dup.error);
      discardAttribute(t, mark, dup.error);
      continue;
    }
    seen[word] = (seen[word] as number) | bit;
    if (spec === undefined) {
      const value = v.bytesCopy(length, names.value);
      if (value === null) return v.failure();
      if (t !== null) {
        t.field('value', v.end, toHex(value));
        closeAttribute(t);
      }
      out.push({ type: 'unknown', code, flags, value });
      continue;
    }
    const ctx: AttributeContext = { code, flags, offset: at, field, handling: spec.handling, fourOctetAs };
    const attr = spec.decode(v, ctx);
    if (!attr.ok) {
      if (attr.error.handling !== 'attribute-discard') return attr;
      warnings.push(attr.error); // the reader already stands after this attribute
      discardAttribute(t, mark, attr.error);
      continue;
    }
    if (t !== null) closeAttribute(t);
    if (attr.value.type !== 'unknown' && flags !== defaultAttributeFlags(code, length)) attr.value.flags = flags;
    out.push(attr.value);
  }
  return ok(out);
}

const FLAG_LABELS: readonly [number, string][] = [
  [ATTRIBUTE_FLAG.OPTIONAL, 'optional'],
  [ATTRIBUTE_FLAG.TRANSITIVE, 'transitive'],
  [ATTRIBUTE_FLAG.PARTIAL, 'partial'],
  [ATTRIBUTE_FLAG.EXTENDED_LENGTH, 'extended length'],
];

/** Opens a path attribute and its `value` in a dissection; returns the mark of the `value`. */
function openAttribute(t: SpanRecorder, name: string, flags: number, code: number, length: number, valueAt: number, end: number): number {
  t.open(name, end);
  const set = FLAG_LABELS.filter(([bit]) => flags & bit).map(([, label]) => label);
  t.field('flags', valueAt - (flags & ATTRIBUTE_FLAG.EXTENDED_LENGTH ? 3 : 2), `0x${flags.toString(16).padStart(2, '0')}${set.length > 0 ? ` (${set.join(', ')})` : ''}`);
  t.field('type code', valueAt - (flags & ATTRIBUTE_FLAG.EXTENDED_LENGTH ? 2 : 1), code);
  t.field('length', valueAt, length);
  t.open('value', end);
  return t.depth;
}

function closeAttribute(t: SpanRecorder): void {
  t.close();
  t.close();
}

/** An attribute left out under RFC 7606 attribute-discard: what was read, then why, in a `malformed` leaf. */
function discardAttribute(t: SpanRecorder | null, mark: number, error: DecodeError): void {
  if (t === null) return;
  t.abandon(mark, error.message);
  closeAttribute(t);
}

export function writePathAttributes(w: ByteWriter, attrs: readonly PathAttribute[], fourOctetAs: boolean): void {
  const scratch = new ByteWriter(64);
  for (const a of attrs) {
    const code = writeAttributeValue(scratch.reset(), a, fourOctetAs);
    const value = scratch.finish();
    const flags = a.flags ?? defaultAttributeFlags(code, value.length);
    w.u8(flags, 'path attribute.flags').u8(code, 'path attribute.type code');
    if (flags & ATTRIBUTE_FLAG.EXTENDED_LENGTH) w.u16(value.length, `path attribute ${code}.length`);
    else w.u8(value.length, `path attribute ${code}.length (set the extended length flag)`);
    w.bytes(value);
  }
}

/** Writes an attribute's value; returns its type code. */
function writeAttributeValue(w: ByteWriter, a: PathAttribute, fourOctetAs: boolean): number {
  switch (a.type) {
    case 'origin': {
      const o = ORIGIN_NAMES.indexOf(a.value);
      if (o < 0) throw new RangeError(`ORIGIN: '${a.value}' is not igp, egp or incomplete`);
      w.u8(o, 'ORIGIN');
      return T.ORIGIN;
    }
    case 'asPath':
      writeAsPathSegments(w, a.segments, fourOctetAs);
      return T.AS_PATH;
    case 'nextHop':
      w.bytes(ipv4ToBytes(a.value, 'NEXT_HOP'));
      return T.NEXT_HOP;
    case 'multiExitDisc':
      w.u32(a.value, 'MULTI_EXIT_DISC');
      return T.MULTI_EXIT_DISC;
    case 'localPref':
      w.u32(a.value, 'LOCAL_PREF');
      return T.LOCAL_PREF;
    case 'atomicAggregate':
      return T.ATOMIC_AGGREGATE;
    case 'aggregator':
      if (fourOctetAs) w.u32(a.asn, 'AGGREGATOR.asn');
      else w.u16(a.asn, 'AGGREGATOR.asn (2-octet)');
      w.bytes(ipv4ToBytes(a.address, 'AGGREGATOR.address'));
      return T.AGGREGATOR;
    case 'communities':
      writeCommunities(w, a.values);
      return T.COMMUNITIES;
    case 'originatorId':
      w.bytes(ipv4ToBytes(a.value, 'ORIGINATOR_ID'));
      return T.ORIGINATOR_ID;
    case 'clusterList':
      for (const c of a.values) w.bytes(ipv4ToBytes(c, 'CLUSTER_LIST'));
      return T.CLUSTER_LIST;
    case 'mpReachNlri':
      writeMpReach(w, a);
      return T.MP_REACH_NLRI;
    case 'mpUnreachNlri':
      writeMpUnreach(w, a);
      return T.MP_UNREACH_NLRI;
    case 'extendedCommunities':
      writeExtendedCommunities(w, a.values);
      return T.EXTENDED_COMMUNITIES;
    case 'as4Path':
      writeAsPathSegments(w, a.segments, true);
      return T.AS4_PATH;
    case 'as4Aggregator':
      w.u32(a.asn, 'AS4_AGGREGATOR.asn').bytes(ipv4ToBytes(a.address, 'AS4_AGGREGATOR.address'));
      return T.AS4_AGGREGATOR;
    case 'largeCommunities':
      writeLargeCommunities(w, a.values);
      return T.LARGE_COMMUNITY;
    case 'unknown':
      w.bytes(a.value);
      return a.code;
  }
}
