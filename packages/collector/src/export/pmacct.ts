import type { BmpMessage, PathAttribute, PerPeerHeader } from '@bmp-lab/codec';
import type { StationMessageRecord } from '../station-updates.js';
import { forEachRoutePrefix } from './prefixes.js';

/**
 * The station's message log in pmacct's BMP message-log JSON: the records
 * pmbmpd writes with `bmp_daemon_msglog_output: json` (pmacct 1.7), one per
 * Initiation, Peer Up, Peer Down, statistics counter, Termination, and one
 * per prefix of a Route Monitoring (`log_type` `update` or `withdraw`), with
 * pmbmpd's field names and encodings. `seq` numbers the records of one
 * export; `timestamp` is the per-peer header's time, `timestamp_arrival` the
 * station's receive time.
 */
export type PmacctRecord = Record<string, string | number | null>;

const PEER_TYPES = ['Global Instance Peer', 'RD Instance Peer', 'Local Instance Peer', 'Loc-RIB Instance Peer'];
const STATS_TYPES = [
  'Number of prefixes rejected by inbound policy',
  'Number of (known) duplicate prefix advertisements',
  'Number of (known) duplicate withdraws',
  'Number of updates invalidated due to CLUSTER_LIST loop',
  'Number of updates invalidated due to AS_PATH loop',
  'Number of updates invalidated due to ORIGINATOR_ID',
  'Number of updates invalidated due to AS_CONFED loop',
  'Number of routes in Adj-RIBs-In',
  'Number of routes in Loc-RIB',
  'Number of routes in per-AFI/SAFI Abj-RIB-In',
  'Number of routes in per-AFI/SAFI Loc-RIB',
  'Number of updates subjected to treat-as-withdraw',
  'Number of prefixes subjected to treat-as-withdraw',
  'Number of duplicate update messages received',
  'Number of routes in Adj-RIBs-Out Pre-Policy',
  'Number of routes in Adj-RIBs-Out Post-Policy',
  'Number of routes in per-AFI/SAFI Abj-RIB-Out Pre-Policy',
  'Number of routes in per-AFI/SAFI Abj-RIB-Out Post-Policy',
];
const PEER_DOWN_REASONS = [
  'Reserved',
  'The local system closed the session',
  'The local system closed the session without a notification message',
  'The remote system closed the session',
  'The remote system closed the session without a notification message',
  'Info for this peer will no longer be sent for configuration reasons',
];
const TERM_REASONS = ['Session administratively closed', 'Unspecified reason', 'Out of resources', 'Redundant connection', 'Session permanently administratively closed'];
const NO_TIME = '0000-00-00 00:00:00.000000';

/** Writes the records of one logged message; `seq` gives each its number. */
export class PmacctExporter {
  private seq = 0;

  records(record: StationMessageRecord, message: BmpMessage): PmacctRecord[] {
    const [router, port] = splitEndpoint(record.router);
    const arrival = formatTime(Math.floor(record.receivedAt / 1000), (record.receivedAt % 1000) * 1000);
    const head = (timestamp: string): PmacctRecord => ({ event_type: 'log', seq: this.seq++, timestamp, timestamp_arrival: arrival, bmp_router: router, bmp_router_port: port });
    switch (message.type) {
      case 'initiation': {
        const r: PmacctRecord = { ...head(NO_TIME), bmp_msg_type: 'init' };
        for (const t of message.tlvs) {
          if (t.type === 'string' || t.type === 'sysDescr' || t.type === 'sysName') r[`bmp_init_info_${t.type.toLowerCase()}`] = t.value;
        }
        return [r];
      }
      case 'termination': {
        const r: PmacctRecord = { ...head(NO_TIME), bmp_msg_type: 'term' };
        for (const t of message.tlvs) {
          if (t.type === 'reason') r['bmp_term_info_reason'] = TERM_REASONS[t.reason] ?? 'Unknown';
          else if (t.type === 'string') r['bmp_term_info_string'] = t.value;
        }
        return [r];
      }
      case 'peer-up': {
        const p = message.peer;
        const r: PmacctRecord = {
          ...head(peerTime(p)),
          bmp_msg_type: 'peer_up',
          peer_ip: p.address,
          peer_asn: p.asn,
          peer_type: p.peerType,
          peer_type_str: PEER_TYPES[p.peerType] ?? 'Unknown',
          ...viewFlags(p),
          bgp_id: p.bgpId,
          local_port: message.localPort,
          remote_port: message.remotePort,
          local_ip: message.localAddress,
          ...distinguisher(p),
        };
        for (const t of message.tlvs) r[`bmp_peer_up_info_${tlvCode(t.type)}`] = 'value' in t && typeof t.value === 'string' ? dashedHex(t.value) : null;
        return [r];
      }
      case 'peer-down': {
        const p = message.peer;
        return [
          {
            ...head(peerTime(p)),
            bmp_msg_type: 'peer_down',
            peer_ip: p.address,
            peer_asn: p.asn,
            peer_type: p.peerType,
            peer_type_str: PEER_TYPES[p.peerType] ?? 'Unknown',
            ...distinguisher(p),
            reason_type: message.reason.code,
            reason_str: PEER_DOWN_REASONS[message.reason.code] ?? 'Unknown',
          },
        ];
      }
      case 'statistics-report': {
        const p = message.peer;
        return message.stats.map((s) => {
          const r: PmacctRecord = {
            ...head(peerTime(p)),
            bmp_msg_type: 'stats',
            peer_ip: p.address,
            peer_asn: p.asn,
            peer_type: p.peerType,
            ...viewFlags(p),
            ...distinguisher(p),
            counter_type: s.type,
            counter_type_str: STATS_TYPES[s.type] ?? 'Unknown',
          };
          if (s.kind === 'afiSafiGauge') {
            r['afi'] = s.afi;
            r['safi'] = s.safi;
          }
          r['counter_value'] = s.kind === 'unknown' ? null : Number(s.value);
          return r;
        });
      }
      case 'route-monitoring': {
        const p = message.peer;
        const attrs = routeFields(message.update.pathAttributes);
        const out: PmacctRecord[] = [];
        const timestamp = peerTime(p);
        const flags = viewFlags(p);
        const rd = distinguisher(p);
        forEachRoutePrefix(message.update, (prefix, afi, safi, announced) => {
          out.push({
            seq: this.seq++,
            log_type: announced ? 'update' : 'withdraw',
            timestamp,
            ...flags,
            ...rd,
            event_type: 'log',
            afi,
            safi,
            ip_prefix: prefix,
            ...(announced ? attrs(afi) : {}),
            timestamp_arrival: arrival,
            bmp_router: router,
            bmp_router_port: port,
            peer_ip: p.address,
            peer_tcp_port: 0,
            bmp_msg_type: 'route_monitor',
          });
        });
        return out;
      }
      default:
        return [];
    }
  }
}

/** What pmacct says of the view: `is_in`/`is_out` with `is_post`, or `is_filtered`/`is_loc` for a Loc-RIB. */
function viewFlags(p: PerPeerHeader): PmacctRecord {
  if (p.peerType === 3) return { is_filtered: p.flags.filtered ? 1 : 0, is_loc: 1 };
  return p.flags.adjRibOut ? { is_post: p.flags.postPolicy ? 1 : 0, is_out: 1 } : { is_post: p.flags.postPolicy ? 1 : 0, is_in: 1 };
}

/** `rd` as pmacct prints a route distinguisher (`type:admin:value`), for a peer that has one. */
function distinguisher(p: PerPeerHeader): PmacctRecord {
  if (/^0+$/.test(p.distinguisher)) return {};
  const d = p.distinguisher;
  const type = parseInt(d.slice(0, 4), 16);
  const hex = (a: number, b: number) => parseInt(d.slice(a, b), 16);
  let text: string;
  if (type === 0) text = `0:${hex(4, 8)}:${hex(8, 16)}`;
  else if (type === 1) text = `1:${[4, 6, 8, 10].map((i) => hex(i, i + 2)).join('.')}:${hex(12, 16)}`;
  else if (type === 2) text = `2:${hex(4, 12)}:${hex(12, 16)}`;
  else text = `${type}:${d.slice(4)}`;
  return { rd: text, rd_origin: 'bmp' };
}

/** The route attributes pmbmpd prints, in its order; only those the UPDATE carried. */
function routeFields(attributes: readonly PathAttribute[]): (afi: number) => PmacctRecord {
  let nextHop: string | null = null;
  let mpNextHop: string | null = null;
  const order: [string, string | number][] = [];
  for (const a of attributes) {
    if (a.type === 'nextHop') nextHop = a.value;
    else if (a.type === 'mpReachNlri') mpNextHop = a.nextHops[0] ?? null;
  }
  const get = <T extends PathAttribute['type']>(t: T) => attributes.find((a) => a.type === t) as Extract<PathAttribute, { type: T }> | undefined;
  const asPath = get('asPath');
  if (asPath) order.push(['as_path', formatAsPath(asPath.segments)]);
  const comms = get('communities');
  if (comms && comms.values.length > 0) order.push(['comms', sortCommunities(comms.values).join(' ')]);
  const ecomms = get('extendedCommunities');
  const ecommText = ecomms ? ecomms.values.map(formatExtendedCommunity).filter((x): x is string => x !== null) : [];
  if (ecommText.length > 0) order.push(['ecomms', ecommText.join(' ')]);
  const lcomms = get('largeCommunities');
  if (lcomms && lcomms.values.length > 0) order.push(['lcomms', sortLargeCommunities(lcomms.values).join(' ')]);
  const origin = get('origin');
  if (origin) order.push(['origin', origin.value === 'igp' ? 'i' : origin.value === 'egp' ? 'e' : 'u']);
  const localPref = get('localPref');
  if (localPref) order.push(['local_pref', localPref.value]);
  const med = get('multiExitDisc');
  if (med) order.push(['med', med.value]);
  return (afi) => {
    const hop = afi === 1 ? (nextHop ?? mpNextHop) : (mpNextHop ?? nextHop);
    const out: PmacctRecord = hop === null ? {} : { bgp_nexthop: hop };
    for (const [k, v] of order) out[k] = v;
    return out;
  };
}

function formatAsPath(segments: readonly { type: string; asns: number[] }[]): string {
  return segments
    .map((s) => {
      if (s.type === 'set') return `{${s.asns.join(',')}}`;
      if (s.type === 'confedSequence') return `(${s.asns.join(' ')})`;
      if (s.type === 'confedSet') return `[${s.asns.join(',')}]`;
      return s.asns.join(' ');
    })
    .join(' ');
}

function sortCommunities(values: readonly string[]): string[] {
  const n = (v: string) => {
    const [a, b] = v.split(':').map(Number);
    return (a ?? 0) * 65536 + (b ?? 0);
  };
  return [...values].sort((x, y) => n(x) - n(y));
}

function sortLargeCommunities(values: readonly string[]): string[] {
  const parts = (v: string) => v.split(':').map(Number);
  return [...values].sort((x, y) => {
    const a = parts(x);
    const b = parts(y);
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  });
}

/** Route Target and Site of Origin as pmacct prints them (`RT:65000:1`, `SoO:…`); others are left out. */
function formatExtendedCommunity(hex: string): string | null {
  const type = parseInt(hex.slice(0, 2), 16) & 0x3f;
  const sub = parseInt(hex.slice(2, 4), 16);
  const name = sub === 0x02 ? 'RT' : sub === 0x03 ? 'SoO' : null;
  if (name === null) return null;
  const v = (a: number, b: number) => parseInt(hex.slice(a, b), 16);
  if (type === 0x00) return `${name}:${v(4, 8)}:${v(8, 16)}`;
  if (type === 0x01) return `${name}:${[4, 6, 8, 10].map((i) => v(i, i + 2)).join('.')}:${v(12, 16)}`;
  if (type === 0x02) return `${name}:${v(4, 12)}:${v(12, 16)}`;
  return null;
}

function peerTime(p: PerPeerHeader): string {
  return formatTime(p.timestampSeconds, p.timestampMicroseconds);
}

/** `YYYY-MM-DD HH:MM:SS.uuuuuu`, UTC. */
function formatTime(seconds: number, micros: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(Math.floor(micros)).padStart(6, '0')}`;
}

function splitEndpoint(endpoint: string): [string, number] {
  const i = endpoint.lastIndexOf(':');
  const address = endpoint.slice(0, i).replace(/^\[|\]$/g, '');
  return [address.replace(/^::ffff:/, ''), Number(endpoint.slice(i + 1))];
}

function tlvCode(type: string): number {
  return ({ string: 0, sysDescr: 1, sysName: 2, vrfTableName: 3, adminLabel: 4 } as Record<string, number>)[type] ?? 0;
}

/** pmacct 1.7 prints a Peer Up information TLV it has no name for as dash-separated hex octets. */
function dashedHex(value: string): string {
  return [...new TextEncoderLike().encode(value)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('-');
}

/** UTF-8 without depending on a global TextEncoder's typings. */
class TextEncoderLike {
  encode(s: string): number[] {
    const out: number[] = [];
    for (const ch of s) {
      const c = ch.codePointAt(0) as number;
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return out;
  }
}
