import { connect } from 'node:net';
import { startPmbmpd, waitFor, type Pmbmpd } from '@bmp-lab/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBmpMessage, encodeBmpMessage, type BmpMessage, type PathAttribute, type PerPeerHeader } from '../src/index.js';
import { concat } from './helpers.js';
import { pmbmpdStream } from './pmbmpd-stream.js';

// Oracle: pmacct's pmbmpd 1.7.7 (an independent BMP collector) reads a stream
// our encoder produced over a real TCP connection and logs, as JSON, every
// message with the values we sent. CI installs pmacct; without it this test
// fails with the install command (it never skips).

type Rec = Record<string, unknown>;

let pmbmpd: Pmbmpd | null = null;

/** Send the bytes over a real TCP socket in a few uneven writes; resolve when pmbmpd closes the connection (it does after a Termination). */
function send(port: number, stream: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('pmbmpd did not close the connection after the Termination within 15 s'));
    }, 15_000);
    sock.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.once('connect', () => {
      const cuts = [0, 5, 700, 701, 1900, stream.length];
      for (let i = 1; i < cuts.length; i++) sock.write(stream.subarray(Math.min(cuts[i - 1] as number, stream.length), Math.min(cuts[i] as number, stream.length)));
    });
    sock.on('data', () => {});
    sock.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const BMP_TYPE_NAMES: Record<BmpMessage['type'], string> = {
  'route-monitoring': 'Route Monitoring (0)',
  'statistics-report': 'Statistics Report (1)',
  'peer-down': 'Peer Down Notification (2)',
  'peer-up': 'Peer Up Notification (3)',
  initiation: 'Initiation Message (4)',
  termination: 'Termination Message (5)',
  'route-mirroring': 'Route Mirroring (6)',
  'route-policy-trace': 'RPAT (100)',
};

/** pmbmpd 1.7.7 frames Route Mirroring but does not decode it; this is the one line it logs for each. */
const MIRRORING_UNSUPPORTED = '[route mirror] packet discarded: Unicorn! Message type currently not supported.';

const TERMINATION_REASONS = ['Session administratively closed', 'Unspecified reason', 'Out of resources', 'Redundant connection', 'Session permanently administratively closed'];

/** pmbmpd's timestamp form, "2023-11-14 22:13:20.250000" (UTC: the test runs pmbmpd with TZ=UTC). */
function pmTimestamp(p: PerPeerHeader): string {
  const iso = new Date(p.timestampSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(p.timestampMicroseconds).padStart(6, '0')}`;
}

/** The per-peer fields pmbmpd prints for this peer header. */
function peerFlags(p: PerPeerHeader): Rec {
  if (p.peerType === 3) return { is_filtered: p.flags.filtered ? 1 : 0, is_loc: 1 };
  return { is_post: p.flags.postPolicy ? 1 : 0, ...(p.flags.adjRibOut ? { is_out: 1 } : { is_in: 1 }) };
}

/** "0:65000:100" for a type-0 route distinguisher (the only kind this stream uses). */
function rd(p: PerPeerHeader): Rec {
  if (p.peerType !== 1) return {};
  const d = p.distinguisher;
  expect(d.slice(0, 4), 'only RD type 0 is rendered here').toBe('0000');
  return { rd: `0:${parseInt(d.slice(4, 8), 16)}:${parseInt(d.slice(8), 16)}`, rd_origin: 'bmp' };
}

function attr<T extends PathAttribute['type']>(attrs: readonly PathAttribute[], type: T): Extract<PathAttribute, { type: T }> | undefined {
  return attrs.find((a) => a.type === type) as Extract<PathAttribute, { type: T }> | undefined;
}

/** RFC 4360 route target, 2-octet AS specific (type 0x0002), as pmbmpd prints it. */
function extCommunity(hex: string): string {
  expect(hex.slice(0, 4), 'only 2-octet-AS route targets are rendered here').toBe('0002');
  return `RT:${parseInt(hex.slice(4, 8), 16)}:${parseInt(hex.slice(8), 16)}`;
}

/** The msglog records pmbmpd should write for message `m`, built from the values we sent. */
function expectedRecords(m: BmpMessage): Rec[] {
  switch (m.type) {
    case 'initiation': {
      const v = (t: string) => m.tlvs.find((x) => x.type === t && 'value' in x)?.value;
      return [{ bmp_msg_type: 'init', bmp_init_info_sysdescr: v('sysDescr'), bmp_init_info_sysname: v('sysName'), bmp_init_info_string: v('string') }];
    }
    case 'termination': {
      const reason = m.tlvs.find((x) => x.type === 'reason');
      const str = m.tlvs.find((x) => x.type === 'string');
      return [
        {
          bmp_msg_type: 'term',
          bmp_term_info_reason: reason?.type === 'reason' ? TERMINATION_REASONS[reason.reason] : undefined,
          bmp_term_info_string: str?.type === 'string' ? str.value : undefined,
        },
      ];
    }
    case 'peer-up': {
      const info: Rec = {};
      for (const t of m.tlvs)
        if (t.type === 'vrfTableName') info['bmp_peer_up_info_3'] = [...new TextEncoder().encode(t.value)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('-');
      return [
        {
          bmp_msg_type: 'peer_up',
          timestamp: pmTimestamp(m.peer),
          peer_ip: m.peer.address,
          peer_asn: m.peer.asn,
          peer_type: m.peer.peerType,
          bgp_id: m.peer.bgpId,
          ...peerFlags(m.peer),
          ...rd(m.peer),
          local_ip: m.localAddress,
          local_port: m.localPort,
          remote_port: m.remotePort,
          ...info,
        },
      ];
    }
    case 'peer-down':
      return [
        {
          bmp_msg_type: 'peer_down',
          timestamp: pmTimestamp(m.peer),
          peer_ip: m.peer.address,
          peer_asn: m.peer.asn,
          peer_type: m.peer.peerType,
          ...rd(m.peer),
          reason_type: m.reason.code,
          ...(m.reason.kind === 'local-no-notification' ? { reason_loc_code: m.reason.fsmEvent } : {}),
        },
      ];
    case 'statistics-report':
      return m.stats.map((s) => ({
        bmp_msg_type: 'stats',
        timestamp: pmTimestamp(m.peer),
        peer_ip: m.peer.address,
        peer_asn: m.peer.asn,
        peer_type: m.peer.peerType,
        ...peerFlags(m.peer),
        counter_type: s.type,
        ...(s.kind === 'afiSafiGauge' && s.type <= 10 ? { afi: s.afi, safi: s.safi } : {}),
        counter_value: s.kind === 'unknown' ? undefined : Number(s.value),
      }));
    case 'route-monitoring': {
      const u = m.update;
      const base = { bmp_msg_type: 'route_monitor', timestamp: pmTimestamp(m.peer), peer_ip: m.peer.address, ...peerFlags(m.peer), ...rd(m.peer) };
      const reach = attr(u.pathAttributes, 'mpReachNlri');
      const unreach = attr(u.pathAttributes, 'mpUnreachNlri');
      const asPath = attr(u.pathAttributes, 'asPath');
      const comms = attr(u.pathAttributes, 'communities');
      const ecomms = attr(u.pathAttributes, 'extendedCommunities');
      const lcomms = attr(u.pathAttributes, 'largeCommunities');
      const med = attr(u.pathAttributes, 'multiExitDisc');
      const lp = attr(u.pathAttributes, 'localPref');
      const origin = attr(u.pathAttributes, 'origin');
      const pathFields: Rec = {
        ...(asPath ? { as_path: asPath.segments.flatMap((sg) => sg.asns).join(' ') } : {}),
        ...(origin ? { origin: { igp: 'i', egp: 'e', incomplete: 'u' }[origin.value] } : {}),
        ...(comms ? { comms: comms.values.join(' ') } : {}),
        ...(ecomms ? { ecomms: ecomms.values.map(extCommunity).join(' ') } : {}),
        ...(lcomms ? { lcomms: lcomms.values.join(' ') } : {}),
        ...(med ? { med: med.value } : {}),
        ...(lp ? { local_pref: lp.value } : {}),
      };
      const out: Rec[] = [];
      for (const p of u.withdrawnRoutes) out.push({ ...base, log_type: 'withdraw', afi: 1, safi: 1, ip_prefix: p });
      for (const p of u.nlri) out.push({ ...base, log_type: 'update', afi: 1, safi: 1, ip_prefix: p, bgp_nexthop: attr(u.pathAttributes, 'nextHop')?.value, ...pathFields });
      for (const p of reach?.nlri ?? [])
        out.push({ ...base, log_type: 'update', afi: reach?.afi, safi: reach?.safi, ip_prefix: p, bgp_nexthop: reach?.nextHops[0], ...pathFields });
      for (const p of unreach?.withdrawnRoutes ?? []) out.push({ ...base, log_type: 'withdraw', afi: unreach?.afi, safi: unreach?.safi, ip_prefix: p });
      return out; // an End-of-RIB (empty UPDATE) writes no line in pmbmpd 1.7.7
    }
    case 'route-mirroring':
      return []; // pmbmpd 1.7.7 does not decode Route Mirroring (see MIRRORING_UNSUPPORTED)
    case 'route-policy-trace':
      return []; // read by apps/server/test/interop-pmbmpd-route-trace.test.ts
  }
}

describe('pmbmpd (pmacct) reads our encoder output', () => {
  let records: Rec[] = [];
  let log = '';
  let sentBytes = 0;

  beforeAll(async () => {
    // Its timestamps in UTC, as the expectations below write them.
    pmbmpd = await startPmbmpd({ env: { TZ: 'UTC' }, keepDir: process.env['KEEP_PMBMPD_DIR'] !== undefined });
    const pm = pmbmpd;
    const port = pm.port;
    const encoded = pmbmpdStream.map((m) => encodeBmpMessage(m));
    for (const [i, e] of encoded.entries()) expect(decodeBmpMessage(e), `own decode #${i}`).toEqual({ ok: true, value: pmbmpdStream[i] });
    const stream = concat(...encoded);
    sentBytes = stream.length;
    await send(port, stream);
    // pmbmpd writes the msglog asynchronously; the Termination is its last message line.
    await waitFor('the Termination in the msglog', () => pm.msglog().includes('"bmp_msg_type": "term"'), 10_000);
    records = pm.records();
    log = pm.log();
    if (process.env['PMBMPD_DUMP']) console.log(pm.msglog(), log);
    await pm.stop();
  }, 60_000);

  afterAll(async () => {
    await pmbmpd?.stop();
    if (pmbmpd && process.env['KEEP_PMBMPD_DIR'] !== undefined) console.log('pmbmpd files kept in', pmbmpd.dir);
  }, 20_000);

  it('the stream covers every BMP message type, peer type, Peer Down reason and statistics type', () => {
    // Type 100 (route trace) has its own pmbmpd test: apps/server/test/interop-pmbmpd-route-trace.test.ts.
    expect(new Set(pmbmpdStream.map((m) => m.type))).toEqual(new Set(Object.keys(BMP_TYPE_NAMES).filter((t) => t !== 'route-policy-trace')));
    const peers = pmbmpdStream.flatMap((m) => ('peer' in m ? [m.peer] : []));
    expect(new Set(peers.map((p) => p.peerType))).toEqual(new Set([0, 1, 2, 3]));
    expect(peers.some((p) => p.peerType !== 3 && p.flags.ipv6)).toBe(true);
    expect(pmbmpdStream.flatMap((m) => (m.type === 'peer-down' ? [m.reason.code] : [])).sort()).toEqual([1, 2, 3, 4, 4, 5, 6]);
    expect(new Set(pmbmpdStream.flatMap((m) => (m.type === 'statistics-report' ? m.stats.map((s) => s.type) : [])))).toEqual(new Set(Array.from({ length: 18 }, (_, i) => i)));
    expect(sentBytes).toBeGreaterThan(0);
  });

  it('pmbmpd received every message, in order, and complained about none (Route Mirroring: unsupported by pmbmpd 1.7.7)', () => {
    const received = [...log.matchAll(/\[common\] type: (.*)$/gm)].map((x) => x[1]);
    expect(received).toEqual(pmbmpdStream.map((m) => BMP_TYPE_NAMES[m.type]));
    const complaints = log.split('\n').filter((l) => /discarded|ERROR|WARN/.test(l));
    const mirrorings = pmbmpdStream.filter((m) => m.type === 'route-mirroring').length;
    expect(
      complaints.filter((l) => !l.includes(MIRRORING_UNSUPPORTED)),
      'pmbmpd complaints',
    ).toEqual([]);
    expect(complaints.length, 'one "not supported" line per Route Mirroring message').toBe(mirrorings);
    expect(log).toContain('BMP Term message received');
  });

  it('its JSON log shows every message with the values we sent', () => {
    expect(records[0]).toMatchObject({ event_type: 'log_init', bmp_router: '127.0.0.1' });
    expect(records.at(-1)).toMatchObject({ event_type: 'log_close' });
    const logged = records.filter((r) => r['event_type'] === 'log');
    const expected = pmbmpdStream.flatMap((m) => expectedRecords(m).map((e) => ({ from: m.type, e })));
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JSON scalars from pmbmpd's output
    expect(logged.map((r) => `${String(r['bmp_msg_type'])} ${String(r['ip_prefix'] ?? r['counter_type'] ?? r['peer_ip'] ?? '')}`))
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JSON scalars from pmbmpd's output
      .toEqual(expected.map(({ e }) => `${String(e['bmp_msg_type'])} ${String(e['ip_prefix'] ?? e['counter_type'] ?? e['peer_ip'] ?? '')}`));
    for (const [i, { from, e }] of expected.entries()) {
      const want = Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined));
      expect(logged[i], `record ${i} (from ${from})`).toMatchObject(want);
    }
    // Spot checks of the figures the report quotes.
    const byType = (t: string) => logged.filter((r) => r['bmp_msg_type'] === t).length;
    expect({
      init: byType('init'),
      peer_up: byType('peer_up'),
      route_monitor: byType('route_monitor'),
      stats: byType('stats'),
      peer_down: byType('peer_down'),
      term: byType('term'),
    }).toEqual({ init: 1, peer_up: 7, route_monitor: 10, stats: 18, peer_down: 7, term: 1 });
    expect(logged.find((r) => r['counter_type'] === 8)).toMatchObject({ counter_value: 5000000000 });
    expect(logged.find((r) => r['ip_prefix'] === '198.51.100.0/24' && r['is_in'] === 1)).toMatchObject({
      as_path: '65001 4200000000',
      comms: '65001:100 65001:200',
      ecomms: 'RT:65000:100',
      lcomms: '4200000000:1:2',
      bgp_nexthop: '192.0.2.1',
      med: 10,
      local_pref: 200,
      origin: 'i',
    });
  });
});
