import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { toHex } from '../bytes/hex.js';
import { bigValue, codeLabel, namesOf, spaced } from '../bytes/spans.js';
import { fail, ok, type Result } from '../errors.js';
import { readPerPeerHeader, writePerPeerHeader, type PerPeerHeader } from './per-peer-header.js';

/** RFC 7854 §4.8 and RFC 8671 §6 / IANA "BMP Statistics Types". */
export const STATISTICS_TYPE = {
  PREFIXES_REJECTED_BY_INBOUND_POLICY: 0,
  DUPLICATE_PREFIX_ADVERTISEMENTS: 1,
  DUPLICATE_WITHDRAWS: 2,
  UPDATES_INVALIDATED_DUE_TO_CLUSTER_LIST_LOOP: 3,
  UPDATES_INVALIDATED_DUE_TO_AS_PATH_LOOP: 4,
  UPDATES_INVALIDATED_DUE_TO_ORIGINATOR_ID: 5,
  UPDATES_INVALIDATED_DUE_TO_AS_CONFED_LOOP: 6,
  ROUTES_IN_ADJ_RIBS_IN: 7,
  ROUTES_IN_LOC_RIB: 8,
  ROUTES_IN_PER_AFI_SAFI_ADJ_RIB_IN: 9,
  ROUTES_IN_PER_AFI_SAFI_LOC_RIB: 10,
  UPDATES_SUBJECTED_TO_TREAT_AS_WITHDRAW: 11,
  PREFIXES_SUBJECTED_TO_TREAT_AS_WITHDRAW: 12,
  DUPLICATE_UPDATE_MESSAGES: 13,
  /** RFC 8671 §6. */
  ROUTES_IN_PRE_POLICY_ADJ_RIB_OUT: 14,
  ROUTES_IN_POST_POLICY_ADJ_RIB_OUT: 15,
  ROUTES_IN_PER_AFI_SAFI_PRE_POLICY_ADJ_RIB_OUT: 16,
  ROUTES_IN_PER_AFI_SAFI_POST_POLICY_ADJ_RIB_OUT: 17,
} as const;

/** Value layout per registered type: 32-bit counter, 64-bit gauge, or AFI(2)+SAFI(1)+64-bit gauge. */
export type StatisticsKind = 'counter' | 'gauge' | 'afiSafiGauge';

const KIND_BY_TYPE: readonly StatisticsKind[] = [
  'counter',
  'counter',
  'counter',
  'counter',
  'counter',
  'counter',
  'counter',
  'gauge',
  'gauge',
  'afiSafiGauge',
  'afiSafiGauge',
  'counter',
  'counter',
  'counter',
  'gauge',
  'gauge',
  'afiSafiGauge',
  'afiSafiGauge',
];
const LENGTH: Record<StatisticsKind, number> = { counter: 4, gauge: 8, afiSafiGauge: 11 };

/** The layout a registered statistics type uses, or `undefined` for an unregistered one. */
export function statisticsKind(type: number): StatisticsKind | undefined {
  return KIND_BY_TYPE[type];
}

/** One statistic. 64-bit gauges are `bigint` (exact; JSON needs a replacer). */
export type Statistic =
  | { kind: 'counter'; type: number; value: number }
  | { kind: 'gauge'; type: number; value: bigint }
  | { kind: 'afiSafiGauge'; type: number; afi: number; safi: number; value: bigint }
  /** An unregistered or vendor type (FRR sends 65531), value kept as sent. */
  | { kind: 'unknown'; type: number; value: Uint8Array };

/** RFC 7854 §4.8 Statistics Report. */
export interface StatisticsReportMessage {
  type: 'statistics-report';
  peer: PerPeerHeader;
  stats: Statistic[];
}

const TYPE_LABELS = namesOf(STATISTICS_TYPE, spaced);

export function readStatisticsReport(r: ByteReader): Result<StatisticsReportMessage> {
  const t = r.spans;
  const peer = readPerPeerHeader(r);
  if (!peer.ok) return peer;
  const count = r.u32('statistics report.stats count');
  if (count < 0) return r.failure();
  t?.field('stats count', r.offset, count);
  const stats: Statistic[] = [];
  for (let i = 0; i < count; i++) {
    const at = r.offset;
    const field = `statistics report.stat[${i}]`;
    const type = r.u16(`${field}.type`);
    if (type < 0) return r.failure();
    const len = r.u16(`${field}.length`);
    if (len < 0) return r.failure();
    const v = r.sub(len, `${field}.value`, 'BMP_BAD_TLV_LENGTH');
    if (v === null) return r.failure();
    if (t !== null) {
      t.open('statistic', v.end, TYPE_LABELS[type] ?? `type ${type}`);
      t.field('stat type', at + 2, codeLabel(TYPE_LABELS[type], type));
      t.field('stat length', at + 4, len);
    }
    const kind = KIND_BY_TYPE[type];
    let stat: Statistic;
    if (kind === undefined) {
      stat = { kind: 'unknown', type, value: v.bytesCopy(len, `${field}.value`) ?? new Uint8Array(0) };
      t?.field('value', v.end, toHex(stat.value));
    } else if (len !== LENGTH[kind]) {
      return fail('BMP_BAD_TLV_VALUE', at + 2, `${field}.length`, `Statistic type ${type} at offset ${at} has length ${len}; a ${kind} needs ${LENGTH[kind]}.`);
    } else if (kind === 'counter') {
      stat = { kind, type, value: v.u32(`${field}.value`) };
      t?.field('counter', v.end, stat.value);
    } else if (kind === 'gauge') {
      stat = { kind, type, value: v.u64(`${field}.value`) ?? 0n };
      t?.field('gauge', v.end, bigValue(stat.value));
    } else {
      stat = { kind, type, afi: v.u16(`${field}.afi`), safi: v.u8(`${field}.safi`), value: v.u64(`${field}.value`) ?? 0n };
      if (t !== null) {
        t.field('AFI', at + 6, stat.afi);
        t.field('SAFI', at + 7, stat.safi);
        t.field('gauge', v.end, bigValue(stat.value));
      }
    }
    t?.close();
    stats.push(stat);
  }
  return ok({ type: 'statistics-report', peer: peer.value, stats });
}

export function writeStatisticsReport(w: ByteWriter, m: StatisticsReportMessage): void {
  writePerPeerHeader(w, m.peer);
  w.u32(m.stats.length, 'statistics report.stats count');
  for (const s of m.stats) {
    w.u16(s.type, 'statistic.type');
    switch (s.kind) {
      case 'counter':
        w.u16(4, 'statistic.length').u32(s.value, 'statistic counter');
        break;
      case 'gauge':
        w.u16(8, 'statistic.length').u64(s.value, 'statistic gauge');
        break;
      case 'afiSafiGauge':
        w.u16(11, 'statistic.length').u16(s.afi, 'statistic.afi').u8(s.safi, 'statistic.safi').u64(s.value, 'statistic gauge');
        break;
      case 'unknown':
        w.u16(s.value.length, 'statistic.length').bytes(s.value);
        break;
    }
  }
}
