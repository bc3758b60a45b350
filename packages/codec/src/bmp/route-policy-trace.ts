import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { fromHex, toHex } from '../bytes/hex.js';
import { formatIpv4, ipv4ToBytes } from '../bytes/ip.js';
import { codeLabel } from '../bytes/spans.js';
import { decodeUtf8, encodeUtf8 } from '../bytes/utf8.js';
import { fail, ok, type DecodeError, type Result } from '../errors.js';
import { readPathAttributes, writePathAttributes } from '../bgp/path-attributes/index.js';
import type { PathAttribute } from '../bgp/path-attributes/types.js';
import { readTlv, recordTlvValue, writeTlv, writeTlvWith } from './information-tlv.js';
import { readAddress16, writeAddress16 } from './per-peer-header.js';

/**
 * Huawei's Route Policy and Attribute Trace message (BMP message type 100,
 * draft-xu-grow-bmp-route-policy-attr-trace; IANA has not assigned a type, so
 * the draft's value sits outside RFC 7854's registry). There is no per-peer
 * header: after the common header come the traced route (flags, RD, prefix),
 * the monitored router's BGP ID, and events, each a fixed header and TLVs.
 * The layout is the one pmacct's pmbmpd parses.
 */
export const ROUTE_POLICY_TRACE_TYPE = 100;

/** Flags octet of the message: V as in the per-peer header (the prefix and policy peers are IPv6). */
export const TRACE_FLAG_V = 0x80;

/** Event TLV types of the draft. */
export const TRACE_TLV_TYPE = {
  VRF: 0,
  POLICY: 1,
  PRE_POLICY_ATTRIBUTES: 2,
  POST_POLICY_ATTRIBUTES: 3,
  STRING: 4,
} as const;

/** The draft's policy classes: which processing step the event reports. */
export const TRACE_POLICY_CLASS = {
  INBOUND: 0,
  OUTBOUND: 1,
  MULTI_PROTOCOL_REDISTRIBUTE: 2,
  CROSS_VRF_REDISTRIBUTE: 3,
  VRF_IMPORT: 4,
  VRF_EXPORT: 5,
  NETWORK: 6,
  AGGREGATION: 7,
  ROUTE_WITHDRAW: 8,
} as const;

const CLASS_LABELS = [
  'inbound policy',
  'outbound policy',
  'multi-protocol redistribute',
  'cross-VRF redistribute',
  'VRF import',
  'VRF export',
  'network',
  'aggregation',
  'route withdraw',
];
const TLV_LABELS: Readonly<Record<number, string>> = { 0: 'VRF', 1: 'policy', 2: 'pre-policy attributes', 3: 'post-policy attributes', 4: 'string' };

/** Policy TLV flags: M matched, P permit, D the attributes differ; between policies C chained, R recursive. */
const FLAG_M = 0x80;
const FLAG_P = 0x40;
const FLAG_D = 0x20;
const NEXT_C = 0x80;
const NEXT_R = 0x40;

/** Traced message header: flags 1, RD 8, prefix length 1, prefix 16, BGP ID 4, event count 1, events length 2. */
const HEADER_LENGTH = 33;
/** Event header: length 2, index 1, timestamp 4 + 4, path ID 4, AFI 2, SAFI 1. */
const EVENT_HEADER_LENGTH = 18;
/** Policy TLV fixed part: flags 1, count 1, class 1, peer address 16, peer BGP ID 4, peer AS 4. */
const POLICY_FIXED_LENGTH = 27;

export interface TracePolicy {
  name: string;
  /** The policy's identifier (Huawei sends the node, e.g. `10`). */
  id: string;
  /** Flags octet written after this policy when another follows (C 0x80 chained, R 0x40 recursive); absent on the last. */
  next?: number;
}

export type TraceEventTlv =
  | { type: 'vrf'; id: number; name: string }
  | {
      type: 'policy';
      /** M: a policy matched the route. */
      matched: boolean;
      /** P: the match permitted it. */
      permitted: boolean;
      /** D: the attributes after the policy differ from those before. */
      changed: boolean;
      /** {@link TRACE_POLICY_CLASS}. */
      policyClass: number;
      /** The peer the route came from (inbound) or goes to (outbound); IPv6 when the message's V flag is set. */
      peerAddress: string;
      peerBgpId: string;
      peerAsn: number;
      policies: TracePolicy[];
    }
  /** BGP path attributes (4-octet ASNs) before or after the policy; `warnings` as an UPDATE's (RFC 7606 attribute-discard). */
  | { type: 'pre-policy-attributes' | 'post-policy-attributes'; attributes: PathAttribute[]; warnings?: DecodeError[] }
  | { type: 'string'; value: string }
  | { type: 'unknown'; code: number; value: Uint8Array };

export interface TraceEvent {
  index: number;
  timestampSeconds: number;
  timestampMicroseconds: number;
  pathId: number;
  afi: number;
  safi: number;
  tlvs: TraceEventTlv[];
}

export interface RoutePolicyTraceMessage {
  type: 'route-policy-trace';
  /** V flag: the prefix and the policy peers' addresses are IPv6. */
  ipv6: boolean;
  /** Route distinguisher, 16 hex digits (all zero for a public-network route). */
  distinguisher: string;
  /** The traced prefix, `a.b.c.d/len` (or IPv6). */
  prefix: string;
  /** BGP ID of the router that traced it. */
  bgpId: string;
  events: TraceEvent[];
}

export function readRoutePolicyTrace(r: ByteReader): Result<RoutePolicyTraceMessage> {
  const t = r.spans;
  t?.open('route policy trace header', r.offset + HEADER_LENGTH);
  const flags = r.u8('route policy trace.flags');
  if (flags < 0) return r.failure();
  const ipv6 = (flags & TRACE_FLAG_V) !== 0;
  t?.field('flags', r.offset, `0x${flags.toString(16).padStart(2, '0')} (${ipv6 ? 'V IPv6' : 'IPv4'})`);
  const rd = r.view(8, 'route policy trace.route distinguisher');
  if (rd === null) return r.failure();
  const distinguisher = toHex(rd);
  t?.field('route distinguisher', r.offset, distinguisher);
  const lenAt = r.offset;
  const prefixLength = r.u8('route policy trace.prefix length');
  if (prefixLength < 0) return r.failure();
  t?.field('prefix length', r.offset, prefixLength);
  if (prefixLength > (ipv6 ? 128 : 32))
    return fail(
      'BMP_BAD_TLV_VALUE',
      lenAt,
      'route policy trace.prefix length',
      `Prefix length ${prefixLength} at offset ${lenAt} is longer than an ${ipv6 ? 'IPv6' : 'IPv4'} address.`,
    );
  const address = readAddress16(r, ipv6, 'route policy trace.prefix');
  if (address === null) return r.failure();
  const prefix = `${address}/${prefixLength}`;
  t?.field('prefix', r.offset, prefix);
  const id = r.view(4, 'route policy trace.BGP ID');
  if (id === null) return r.failure();
  const bgpId = formatIpv4(id);
  t?.field('BGP ID', r.offset, bgpId);
  const count = r.u8('route policy trace.event count');
  if (count < 0) return r.failure();
  t?.field('event count', r.offset, count);
  const eventsLength = r.u16('route policy trace.events length');
  if (eventsLength < 0) return r.failure();
  if (t !== null) {
    t.field('events length', r.offset, eventsLength);
    t.close();
  }
  const region = r.sub(eventsLength, 'route policy trace.events', 'BMP_BAD_TLV_LENGTH');
  if (region === null) return r.failure();
  t?.open('events', region.end, `${count} event${count === 1 ? '' : 's'}`);
  const events: TraceEvent[] = [];
  for (let i = 0; i < count; i++) {
    const e = readEvent(region, ipv6);
    if (!e.ok) return e;
    events.push(e.value);
  }
  if (!region.atEnd)
    return fail(
      'BMP_TRAILING_DATA',
      region.offset,
      'route policy trace.events',
      `${region.remaining} bytes at offset ${region.offset} follow the ${count} events the header counts.`,
    );
  t?.close();
  return ok({ type: 'route-policy-trace', ipv6, distinguisher, prefix, bgpId, events });
}

function readEvent(r: ByteReader, ipv6: boolean): Result<TraceEvent> {
  const at = r.offset;
  const length = r.u16('route policy trace event.length');
  if (length < 0) return r.failure();
  if (length < EVENT_HEADER_LENGTH)
    return fail('BMP_BAD_TLV_VALUE', at, 'route policy trace event.length', `Event length ${length} at offset ${at} is shorter than the ${EVENT_HEADER_LENGTH}-byte event header.`);
  r.rewind(2);
  const e = r.sub(length, 'route policy trace event', 'BMP_BAD_TLV_LENGTH');
  if (e === null) return r.failure();
  e.u16('route policy trace event.length');
  const t = e.spans;
  t?.open('event', e.end);
  t?.field('length', e.offset, length);
  const index = e.u8('route policy trace event.index');
  t?.field('index', e.offset, index);
  const timestampSeconds = e.u32('route policy trace event.timestamp (seconds)');
  t?.field('timestamp (seconds)', e.offset, timestampSeconds);
  const timestampMicroseconds = e.u32('route policy trace event.timestamp (microseconds)');
  t?.field('timestamp (microseconds)', e.offset, timestampMicroseconds);
  const pathId = e.u32('route policy trace event.path ID');
  t?.field('path ID', e.offset, pathId);
  const afi = e.u16('route policy trace event.AFI');
  t?.field('AFI', e.offset, afi);
  const safi = e.u8('route policy trace event.SAFI');
  t?.field('SAFI', e.offset, safi);
  const tlvs: TraceEventTlv[] = [];
  while (!e.atEnd) {
    const tlv = readTlv(e, 'route policy trace event TLV', 'event TLV', TLV_LABELS);
    if (tlv === null) return e.failure();
    const item = readEventTlv(tlv.code, tlv.offset, tlv.value, ipv6);
    if (!item.ok) return item;
    tlvs.push(item.value);
  }
  t?.close();
  return ok({ index, timestampSeconds, timestampMicroseconds, pathId, afi, safi, tlvs });
}

function readEventTlv(code: number, at: number, v: ByteReader, ipv6: boolean): Result<TraceEventTlv> {
  switch (code) {
    case TRACE_TLV_TYPE.VRF: {
      if (v.remaining < 4)
        return fail('BMP_BAD_TLV_VALUE', at + 2, 'route policy trace VRF TLV.length', `VRF TLV at offset ${at} has length ${v.remaining}; it needs at least the 4-byte VRF ID.`);
      const id = v.u32('route policy trace VRF TLV.VRF ID');
      v.spans?.field('VRF ID', v.offset, id);
      const name = decodeUtf8(v.view(v.remaining, 'route policy trace VRF TLV.name') ?? new Uint8Array(0));
      if (v.spans !== null) {
        v.spans.field('VRF name', v.end, name);
        v.spans.close();
      }
      return ok({ type: 'vrf', id, name });
    }
    case TRACE_TLV_TYPE.POLICY:
      return readPolicyTlv(at, v, ipv6);
    case TRACE_TLV_TYPE.PRE_POLICY_ATTRIBUTES:
    case TRACE_TLV_TYPE.POST_POLICY_ATTRIBUTES: {
      const warnings: DecodeError[] = [];
      v.spans?.open('path attributes', v.end);
      const attributes = readPathAttributes(v, true, warnings);
      if (!attributes.ok) return attributes;
      if (v.spans !== null) {
        v.spans.close();
        v.spans.close();
      }
      const type = code === TRACE_TLV_TYPE.PRE_POLICY_ATTRIBUTES ? 'pre-policy-attributes' : 'post-policy-attributes';
      // Prefix runs are asked for in Route Monitoring only (decodeBmpMessage): a trace's attributes carry text.
      const list = attributes.value as PathAttribute[];
      return ok(warnings.length > 0 ? { type, attributes: list, warnings } : { type, attributes: list });
    }
    case TRACE_TLV_TYPE.STRING: {
      const value = decodeUtf8(v.view(v.remaining, 'route policy trace string TLV') ?? new Uint8Array(0));
      recordTlvValue(v, value);
      return ok({ type: 'string', value });
    }
    default: {
      const value = v.bytesCopy(v.remaining, 'route policy trace event TLV value') ?? new Uint8Array(0);
      recordTlvValue(v, value);
      return ok({ type: 'unknown', code, value });
    }
  }
}

function readPolicyTlv(at: number, v: ByteReader, ipv6: boolean): Result<TraceEventTlv> {
  const t = v.spans;
  if (v.remaining < POLICY_FIXED_LENGTH)
    return fail(
      'BMP_BAD_TLV_VALUE',
      at + 2,
      'route policy trace policy TLV.length',
      `Policy TLV at offset ${at} has length ${v.remaining}; its fixed fields take ${POLICY_FIXED_LENGTH}.`,
    );
  const flags = v.u8('route policy trace policy TLV.flags');
  const matched = (flags & FLAG_M) !== 0;
  const permitted = (flags & FLAG_P) !== 0;
  const changed = (flags & FLAG_D) !== 0;
  t?.field(
    'flags',
    v.offset,
    `0x${flags.toString(16).padStart(2, '0')} (${matched ? 'M matched' : 'not matched'}, ${permitted ? 'P permit' : 'deny'}, ${changed ? 'D changed' : 'unchanged'})`,
  );
  const count = v.u8('route policy trace policy TLV.policy count');
  t?.field('policy count', v.offset, count);
  const policyClass = v.u8('route policy trace policy TLV.class');
  t?.field('class', v.offset, codeLabel(CLASS_LABELS[policyClass], policyClass));
  const peerAddress = readAddress16(v, ipv6, 'route policy trace policy TLV.peer address') ?? '';
  t?.field('peer address', v.offset, peerAddress);
  const peerBgpId = formatIpv4(v.view(4, 'route policy trace policy TLV.peer BGP ID') ?? new Uint8Array(4));
  t?.field('peer BGP ID', v.offset, peerBgpId);
  const peerAsn = v.u32('route policy trace policy TLV.peer AS');
  t?.field('peer AS', v.offset, peerAsn);
  const policies: TracePolicy[] = [];
  for (let i = 0; i < count; i++) {
    const pAt = v.offset;
    const nameLength = v.u16('route policy trace policy.name length');
    const idLength = v.u16('route policy trace policy.ID length');
    if (nameLength < 0 || idLength < 0) return v.failure();
    const last = i === count - 1;
    t?.open('policy', pAt + 4 + nameLength + idLength + (last ? 0 : 1));
    t?.field('name length', pAt + 2, nameLength);
    t?.field('ID length', pAt + 4, idLength);
    const name = v.view(nameLength, 'route policy trace policy.name');
    if (name === null) return v.failure();
    t?.field('name', v.offset, decodeUtf8(name));
    const id = v.view(idLength, 'route policy trace policy.ID');
    if (id === null) return v.failure();
    t?.field('ID', v.offset, decodeUtf8(id));
    const policy: TracePolicy = { name: decodeUtf8(name), id: decodeUtf8(id) };
    if (!last) {
      const next = v.u8('route policy trace policy.next policy flags');
      if (next < 0) return v.failure();
      t?.field(
        'next policy flags',
        v.offset,
        `0x${next.toString(16).padStart(2, '0')} (${next & NEXT_C ? 'C chained' : ''}${next & NEXT_R ? ' R recursive' : ''})`.replace('( ', '(').replace('()', '(none)'),
      );
      policy.next = next;
    }
    t?.close();
    policies.push(policy);
  }
  if (!v.atEnd)
    return fail('BMP_TRAILING_DATA', v.offset, 'route policy trace policy TLV', `${v.remaining} bytes at offset ${v.offset} follow the ${count} policies of the policy TLV.`);
  t?.close();
  return ok({ type: 'policy', matched, permitted, changed, policyClass, peerAddress, peerBgpId, peerAsn, policies });
}

export function writeRoutePolicyTrace(w: ByteWriter, m: RoutePolicyTraceMessage): void {
  w.u8(m.ipv6 ? TRACE_FLAG_V : 0, 'route policy trace.flags');
  if (!/^[0-9a-fA-F]{16}$/.test(m.distinguisher)) throw new RangeError(`route policy trace.distinguisher: '${m.distinguisher}' is not 16 hex digits`);
  w.bytes(fromHex(m.distinguisher));
  const slash = m.prefix.lastIndexOf('/');
  const length = Number(m.prefix.slice(slash + 1));
  if (slash < 0 || !Number.isInteger(length) || length < 0 || length > (m.ipv6 ? 128 : 32))
    throw new RangeError(`route policy trace.prefix: '${m.prefix}' is not an address/length prefix`);
  w.u8(length, 'route policy trace.prefix length');
  writeAddress16(w, m.prefix.slice(0, slash), m.ipv6, 'route policy trace.prefix');
  w.bytes(ipv4ToBytes(m.bgpId, 'route policy trace.BGP ID'));
  w.u8(m.events.length, 'route policy trace.event count');
  const at = w.reserve(2);
  const start = w.length;
  for (const e of m.events) writeEvent(w, e, m.ipv6);
  w.patchU16(at, w.length - start, 'route policy trace.events length');
}

function writeEvent(w: ByteWriter, e: TraceEvent, ipv6: boolean): void {
  const at = w.reserve(2);
  const start = w.length - 2;
  w.u8(e.index, 'route policy trace event.index');
  w.u32(e.timestampSeconds, 'route policy trace event.timestamp (seconds)');
  w.u32(e.timestampMicroseconds, 'route policy trace event.timestamp (microseconds)');
  w.u32(e.pathId, 'route policy trace event.path ID');
  w.u16(e.afi, 'route policy trace event.AFI');
  w.u8(e.safi, 'route policy trace event.SAFI');
  for (const t of e.tlvs) writeEventTlv(w, t, ipv6);
  w.patchU16(at, w.length - start, 'route policy trace event.length');
}

function writeEventTlv(w: ByteWriter, t: TraceEventTlv, ipv6: boolean): void {
  const field = 'route policy trace event TLV';
  switch (t.type) {
    case 'vrf':
      writeTlvWith(w, TRACE_TLV_TYPE.VRF, field, () => w.u32(t.id, 'route policy trace VRF ID').bytes(encodeUtf8(t.name)));
      return;
    case 'policy':
      writeTlvWith(w, TRACE_TLV_TYPE.POLICY, field, () => {
        w.u8((t.matched ? FLAG_M : 0) | (t.permitted ? FLAG_P : 0) | (t.changed ? FLAG_D : 0), 'route policy trace policy TLV.flags');
        w.u8(t.policies.length, 'route policy trace policy TLV.policy count');
        w.u8(t.policyClass, 'route policy trace policy TLV.class');
        writeAddress16(w, t.peerAddress, ipv6, 'route policy trace policy TLV.peer address');
        w.bytes(ipv4ToBytes(t.peerBgpId, 'route policy trace policy TLV.peer BGP ID'));
        w.u32(t.peerAsn, 'route policy trace policy TLV.peer AS');
        t.policies.forEach((p, i) => {
          const name = encodeUtf8(p.name);
          const id = encodeUtf8(p.id);
          w.u16(name.length, 'route policy trace policy.name length').u16(id.length, 'route policy trace policy.ID length').bytes(name).bytes(id);
          if (i < t.policies.length - 1) w.u8(p.next ?? 0, 'route policy trace policy.next policy flags');
        });
      });
      return;
    case 'pre-policy-attributes':
    case 'post-policy-attributes': {
      const code = t.type === 'pre-policy-attributes' ? TRACE_TLV_TYPE.PRE_POLICY_ATTRIBUTES : TRACE_TLV_TYPE.POST_POLICY_ATTRIBUTES;
      writeTlvWith(w, code, field, () => writePathAttributes(w, t.attributes, true));
      return;
    }
    case 'string':
      writeTlv(w, TRACE_TLV_TYPE.STRING, encodeUtf8(t.value), field);
      return;
    case 'unknown':
      writeTlv(w, t.code, t.value, field);
      return;
  }
}
