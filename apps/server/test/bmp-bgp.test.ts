import { afterEach, describe, expect, it } from 'vitest';
import type { BmpMessage } from '@bmp-lab/codec';
import { cloneConfig } from '@bmp-lab/router';
import type { DeviceConfig } from '@bmp-lab/router';
import { eventually } from './lab-harness.js';
import { labConfig, rawStation, startBgpLab } from './bgp-lab.js';

/**
 * The router's BGP peers come up against the lab's neighbors over real TCP,
 * and a BMP session reports them to a station on 127.0.0.1: Peer Up with
 * both OPENs, the neighbors' routes, End-of-RIB, Statistics Reports, Peer
 * Down with the reason, Termination.
 */
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
});
const station = () => rawStation(cleanup);
const startLab = (config: DeviceConfig) => startBgpLab(config, cleanup);

const prefixesOf = (ms: BmpMessage[], pred: (m: Extract<BmpMessage, { type: 'route-monitoring' }>) => boolean) =>
  ms.flatMap((m) => (m.type === 'route-monitoring' && pred(m) ? m.update.nlri : [])).sort();

describe('BGP peers and BMP monitoring', () => {
  it('brings both peers up and reports them, their routes, the Loc-RIB and statistics', async () => {
    const st = await station();
    const lab = await startLab(labConfig(st.port));
    await eventually(() => lab.device.bgpPeers().every((p) => p.state === 'Established') && lab.device.bgpPeers().length === 2);

    const ms = st.messages;
    // Both neighbors' tables are complete once each adj-rib-in feed got its End-of-RIB.
    await eventually(() => ms.filter((m) => m.type === 'route-monitoring' && m.update.nlri.length === 0 && m.update.withdrawnRoutes.length === 0 && m.peer.peerType === 0 && !m.peer.flags.adjRibOut).length >= 4);
    await eventually(() => ms.some((m) => m.type === 'statistics-report'));

    expect(ms[0]).toMatchObject({ type: 'initiation', tlvs: [{ type: 'sysDescr' }, { type: 'sysName', value: 'HUAWEI' }] });
    const peerUps = ms.filter((m) => m.type === 'peer-up');
    const upKeys = peerUps.map((m) =>
      m.peer.peerType === 3 ? 'loc-rib' : `${m.peer.address} ${m.peer.flags.adjRibOut ? 'out' : 'in'} ${m.peer.flags.postPolicy ? 'post' : 'pre'}`,
    );
    expect(upKeys.sort()).toEqual([
      '10.2.2.2 in post',
      '10.2.2.2 in pre',
      '10.2.2.2 out post',
      '10.3.3.3 in post',
      '10.3.3.3 in pre',
      '10.3.3.3 out post',
      'loc-rib',
    ]);
    const up2 = peerUps.find((m) => m.peer.address === '10.2.2.2' && m.peer.peerType === 0)!;
    expect(up2.type === 'peer-up' && up2.sentOpen).toMatchObject({ myAsn: 100, bgpId: '1.1.1.1' });
    expect(up2.type === 'peer-up' && up2.receivedOpen).toMatchObject({ myAsn: 200, bgpId: '10.2.2.2' });
    expect(up2.peer).toMatchObject({ asn: 200, bgpId: '10.2.2.2' });

    // Adj-RIB-In post-policy of 10.2.2.2: exactly the neighbor's prefixes, with its attributes.
    const in2 = (m: Extract<BmpMessage, { type: 'route-monitoring' }>) =>
      m.peer.peerType === 0 && m.peer.address === '10.2.2.2' && !m.peer.flags.adjRibOut && m.peer.flags.postPolicy;
    expect(prefixesOf(ms, in2)).toEqual(['192.0.2.128/25', '198.18.0.0/24', '198.18.1.0/24', '198.18.4.0/24', '203.0.113.0/24']);
    const rm = ms.find((m) => m.type === 'route-monitoring' && in2(m) && m.update.nlri.includes('203.0.113.0/24'));
    expect(rm?.type === 'route-monitoring' && rm.update.pathAttributes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'asPath', segments: [{ type: 'sequence', asns: [200] }] }),
        expect.objectContaining({ type: 'nextHop', value: '10.2.2.2' }),
        expect.objectContaining({ type: 'multiExitDisc', value: 10 }),
        expect.objectContaining({ type: 'communities', values: ['200:1'] }),
      ]),
    );
    // Loc-RIB: every best route once; 198.18.0.0/24 via AS 200 and 198.18.4.0/24 via AS 300 (shorter paths), plus our own network.
    const loc = (m: Extract<BmpMessage, { type: 'route-monitoring' }>) => m.peer.peerType === 3;
    await eventually(() => prefixesOf(ms, loc).length >= 9);
    const locRoutes = ms.flatMap((m) => (m.type === 'route-monitoring' && loc(m) ? m.update.nlri.map((p) => [p, m.update.pathAttributes] as const) : []));
    const best = new Map(locRoutes);
    expect([...best.keys()].sort()).toEqual([
      '172.16.0.0/16',
      '192.0.2.128/25',
      '198.18.0.0/24',
      '198.18.1.0/24',
      '198.18.2.0/24',
      '198.18.3.0/24',
      '198.18.4.0/24',
      '198.51.100.0/24',
      '203.0.113.0/24',
    ]);
    expect(best.get('198.18.0.0/24')).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'nextHop', value: '10.2.2.2' })]));
    expect(best.get('198.18.4.0/24')).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'nextHop', value: '10.3.3.3' })]));
    // Adj-RIB-Out to 10.3.3.3: what we advertise, our AS first, next hop self, nothing learned from 10.3.3.3 itself.
    const out3 = (m: Extract<BmpMessage, { type: 'route-monitoring' }>) => m.peer.peerType === 0 && m.peer.address === '10.3.3.3' && m.peer.flags.adjRibOut;
    await eventually(() => prefixesOf(ms, out3).includes('203.0.113.0/24'));
    const adv = ms.find((m) => m.type === 'route-monitoring' && out3(m) && m.update.nlri.includes('203.0.113.0/24'));
    expect(adv?.type === 'route-monitoring' && adv.update.pathAttributes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'asPath', segments: [{ type: 'sequence', asns: [100, 200] }] }),
        expect.objectContaining({ type: 'nextHop', value: '1.1.1.1' }),
      ]),
    );
    expect(prefixesOf(ms, out3)).not.toContain('198.51.100.0/24');

    // Statistics: real counts (5 routes in 10.2.2.2's Adj-RIB-In).
    await eventually(() => ms.some((m) => m.type === 'statistics-report' && m.peer.address === '10.2.2.2'));
    const stats = ms.find((m) => m.type === 'statistics-report' && m.peer.peerType === 0 && m.peer.address === '10.2.2.2' && !m.peer.flags.adjRibOut);
    expect(stats?.type === 'statistics-report' && stats.stats).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 7, value: 5n }), expect.objectContaining({ type: 9, afi: 1, safi: 1, value: 5n })]),
    );
  });

  it('a removed peer gets Peer Down (local NOTIFICATION, Cease / Peer De-configured); undo bmp-session ends with Termination', async () => {
    const st = await station();
    const config = labConfig(st.port);
    const lab = await startLab(config);
    await eventually(() => lab.device.bgpPeers().filter((p) => p.state === 'Established').length === 2);
    await eventually(() => st.messages.filter((m) => m.type === 'peer-up').length === 7);

    const next = cloneConfig(config);
    next.bgp!.peers = next.bgp!.peers.filter((p) => p.address !== '10.2.2.2');
    lab.device.commit(next);
    const downs = await eventually(() => {
      const d = st.messages.filter((m) => m.type === 'peer-down');
      return d.length >= 1 && d;
    });
    // One Peer Down for the peer, though it had three feeds (in pre, in post, out post).
    await new Promise((r) => setTimeout(r, 100));
    expect(st.messages.filter((m) => m.type === 'peer-down')).toHaveLength(1);
    for (const d of downs) {
      expect(d.type === 'peer-down' && d.peer.address).toBe('10.2.2.2');
      expect(d.type === 'peer-down' && d.reason).toMatchObject({ kind: 'local-notification', code: 1, notification: { code: 6, subcode: 3 } });
    }
    // Its routes leave the Loc-RIB: 198.18.0.0/24 now goes via AS 300, the rest of AS 200's prefixes are withdrawn.
    await eventually(() =>
      st.messages.some((m) => m.type === 'route-monitoring' && m.peer.peerType === 3 && m.update.withdrawnRoutes.includes('203.0.113.0/24')),
    );

    const last = cloneConfig(next);
    last.bmp!.sessions = [];
    lab.device.commit(last);
    await eventually(() => st.messages.at(-1)?.type === 'termination');
  });

  it('a neighbor refuses the wrong AS (Bad Peer AS) and the peer never comes up', async () => {
    const st = await station();
    const config = labConfig(st.port);
    config.bgp!.asNumber = 65000;
    const lab = await startLab(config);
    await new Promise((r) => setTimeout(r, 300));
    expect(lab.device.bgpPeers().map((p) => p.state)).not.toContain('Established');
    expect(st.messages.filter((m) => m.type === 'peer-up').map((m) => m.peer.peerType)).toEqual([3]);
  });

  it('a station that goes away gets everything again after ConnectRetry', async () => {
    const st = await station();
    const lab = await startLab(labConfig(st.port));
    await eventually(() => st.messages.filter((m) => m.type === 'peer-up').length === 7);
    const before = st.messages.length;
    for (const s of st.sockets) s.destroy();
    await eventually(() => lab.device.bmpSessions()[0]?.state === 'down');
    expect(lab.device.bmpSessions()[0]).toMatchObject({ downReason: 'Peer Closed' });
    expect(lab.device.bmpSessions()[0]!.connectRetryAt).not.toBeNull();
    await eventually(() => st.messages.slice(before).filter((m) => m.type === 'peer-up').length === 7, 5000);
    expect(st.messages[before]).toMatchObject({ type: 'initiation' });
    expect(lab.device.bmpSessions()[0]).toMatchObject({ state: 'up', connects: 2 });
  });

  it('two stations on one address, told apart by alias, receive identical message sequences', async () => {
    const a = await station();
    const b = await station();
    const config = labConfig(a.port);
    const first = config.bmp!.sessions[0]!;
    config.bmp!.sessions = [
      { ...first, alias: 'a', port: a.port },
      { ...first, alias: 'b', port: b.port },
    ];
    // BGP first, so both sessions start from the same converged state.
    const lab = await startLab({ ...cloneConfig(config), bmp: null });
    await eventually(() => lab.device.bgpPeers().every((p) => p.prefixesReceived === 5) && lab.device.bgpPeers().length === 2);
    lab.device.commit(config);
    await eventually(() => a.messages.filter((m) => m.type === 'statistics-report').length >= 4 && b.messages.filter((m) => m.type === 'statistics-report').length >= 4);
    // Compare what each station got, message by message, without the per-peer timestamps.
    const shape = (ms: BmpMessage[]) =>
      JSON.stringify(
        ms.map((m) => ('peer' in m ? { ...m, peer: { ...m.peer, timestampSeconds: 0, timestampMicroseconds: 0 } } : m)),
        (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
      );
    const n = Math.min(a.messages.length, b.messages.length);
    expect(shape(a.messages.slice(0, n))).toBe(shape(b.messages.slice(0, n)));
    expect(n).toBeGreaterThan(20);
  });
});
