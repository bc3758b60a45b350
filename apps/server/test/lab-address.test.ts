import { afterEach, describe, expect, it } from 'vitest';
import type { BmpMessage } from '@bmp-lab/codec';
import { systemClock } from '@bmp-lab/router/node';
import type { DeviceConfig } from '@bmp-lab/router';
import { Lab } from '../src/lab/lab.js';
import { DEFAULT_TOPOLOGY, TopologyError, topologyToData, validateTopology } from '../src/lab/topology.js';
import type { Topology } from '../src/lab/topology.js';
import { eventually } from './lab-harness.js';
import { labConfig, rawStation } from './bgp-lab.js';
import { startPmbmpd } from '@bmp-lab/test-support';

/**
 * The router has an address inside the lab (topology `router.address`,
 * default 10.0.0.1): what it reports shows that address, never the loopback
 * socket behind it. Peer Up's Local Address (RFC 7854 §4.10) is the local
 * address of the monitored BGP session; `display bmp session … verbose`
 * shows the BMP session's own local address. Real TCP on loopback.
 */
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
});

async function start(config: DeviceConfig, topology: Topology = DEFAULT_TOPOLOGY) {
  const lab = await Lab.start({ id: 'addr-test', topology, clock: systemClock(50), allowConnect: [], externalStation: null, initialConfig: config });
  cleanup.push(() => lab.stop());
  const terminal = lab.device.openTerminal();
  terminal.open();
  return { lab, type: (line: string) => terminal.input(line + '\r') };
}

/** BGP with both IPv4 neighbors, monitored by a session to a raw station on 127.0.0.1 and one to the lab's station 10.1.1.1:1790. */
function config(rawPort: number): DeviceConfig {
  const c = labConfig(rawPort);
  const [raw] = c.bmp!.sessions;
  c.bmp!.sessions.push({ ...structuredClone(raw!), address: '10.1.1.1', port: 1790 });
  return c;
}

const peerUps = (ms: BmpMessage[]) => ms.flatMap((m) => (m.type === 'peer-up' && m.peer.peerType === 0 ? [m] : []));

async function checkAddress(expected: string, topology?: Topology) {
  const raw = await rawStation(cleanup);
  const { lab, type } = await start(config(raw.port), topology);
  // Each neighbor's Peer Up, decoded by the codec from the raw station's bytes.
  await eventually(() => new Set(peerUps(raw.messages).map((m) => m.peer.address)).size === 2, 10_000);
  for (const m of peerUps(raw.messages)) {
    expect(m.localAddress).toBe(expected);
    expect(m.localPort).toBeGreaterThan(0);
    // The BGP Identifier stays the router ID.
    expect(m.sentOpen.bgpId).toBe('1.1.1.1');
  }
  // The BMP session to the lab's station: the lab address, with the real port; the real socket stays in the view.
  const session = () => lab.device.bmpSessions().find((s) => s.id.address === '10.1.1.1');
  const up = await eventually(() => (session()?.state === 'up' ? session() : undefined));
  const text = type('display bmp session 10.1.1.1 verbose');
  expect(text).toContain(`    Local address: ${expected}, Local port: ${up.localPort}`);
  expect(text).not.toContain('127.0.0.1');
  expect(up.socketAddress).toBe('127.0.0.1');
  // The session's connection record carries the real socket (the dashboard's link to the station's card) and the lab end;
  // the station, inside the lab, names the router by its lab end, as do its messages.
  const { socket, local } = up.connections.at(-1)!;
  expect(socket).toBe(`127.0.0.1:${up.localPort}`);
  expect(local).toBe(`${expected}:${up.localPort}`);
  const card = await eventually(() => lab.station.routers().find((r) => r.socket === socket && r.sessionKey === '_public_|10.1.1.1|'));
  expect(card.router).toBe(local);
  await eventually(() => lab.station.log.recent().some((m) => m.connection === card.id));
  for (const m of lab.station.log.recent().filter((m) => m.connection === card.id)) expect(m.router).toBe(local);
  // A session to a loopback collector (dialled directly) keeps its real address.
  expect(lab.device.bmpSessions().find((s) => s.id.address === '127.0.0.1')).toMatchObject({ localAddress: '127.0.0.1', socketAddress: null });
}

describe('the router reports its lab address', () => {
  it('default lab: Peer Up Local Address and display bmp session show 10.0.0.1', async () => {
    await checkAddress('10.0.0.1');
  });

  it('a topology with router.address 10.9.9.9 reports that address', async () => {
    const data = topologyToData(DEFAULT_TOPOLOGY) as { router: { sysname: string; address?: string } };
    const topology = validateTopology({ ...data, router: { sysname: 'EDGE', address: '10.9.9.9' } }, 'test');
    expect(topology.router.address).toBe('10.9.9.9');
    await checkAddress('10.9.9.9', topology);
  });

  it('reset bmp session again and again: each connection has its own record and counts, the current and 5 closed kept', async () => {
    const raw = await rawStation(cleanup);
    const { lab, type } = await start(config(raw.port));
    const session = () => lab.device.bmpSessions().find((s) => s.id.address === '10.1.1.1')!;
    await eventually(() => session().state === 'up');
    for (let i = 2; i <= 8; i++) {
      type('reset bmp session 10.1.1.1');
      await eventually(() => session().state === 'up' && session().connects === i, 10_000);
    }
    const s = session();
    expect(s.connections).toHaveLength(6);
    expect(s.connections.slice(0, -1).every((c) => c.closedAt !== null && c.sent.termination === 1 && c.sent.initiation === 1)).toBe(true);
    expect(s.connections.at(-1)).toMatchObject({ closedAt: null, sent: { initiation: 1, termination: 0 } });
    // Each closed connection: the station decoded exactly what the router wrote on it.
    for (const c of s.connections.slice(0, -1)) {
      await eventually(() => {
        const card = lab.station.routers().find((r) => r.socket === c.socket && r.station === '10.1.1.1:1790');
        return card !== undefined && card.closedAt !== null && JSON.stringify(card.received) === JSON.stringify(c.sent);
      });
    }
    expect(s.sent.initiation).toBe(8);
  });
});

describe('pmbmpd reads the lab address', () => {
  it("an independent collector's log shows local_ip 10.0.0.1 in each IPv4 peer's Peer Up", async () => {
    const pm = await startPmbmpd();
    cleanup.push(() => pm.stop());
    const c = labConfig(pm.port);
    await start(c);
    const ups = () => pm.messages().filter((r) => r['bmp_msg_type'] === 'peer_up' && (r['peer_ip'] === '10.2.2.2' || r['peer_ip'] === '10.3.3.3'));
    await eventually(() => new Set(ups().map((r) => r['peer_ip'])).size === 2, 10_000);
    for (const r of ups()) expect(r).toMatchObject({ local_ip: '10.0.0.1', bgp_id: r['peer_ip'] });
  });
});

describe('topology router.address', () => {
  const fail = (router: object, extra: object = {}) => {
    try {
      validateTopology({ router: { sysname: 'R', ...router }, ...extra }, 'topology');
    } catch (e) {
      if (e instanceof TopologyError) return e.message;
      throw e;
    }
    return 'valid';
  };

  it('defaults to 10.0.0.1, and is an IPv4 address outside 127.0.0.0/8 that nothing else of the lab uses', () => {
    expect(validateTopology({ router: { sysname: 'R' } }, 'topology').router.address).toBe('10.0.0.1');
    expect(DEFAULT_TOPOLOGY.router.address).toBe('10.0.0.1');
    expect(fail({ address: '10.0.0.300' })).toBe('topology: router.address: not an IPv4 address in dotted decimal, such as 10.2.2.2');
    expect(fail({ address: '010.0.0.1' })).toMatch(/^topology: router\.address: 010\.0\.0\.1 has a leading zero/);
    expect(fail({ address: '127.0.0.9' })).toMatch(/^topology: router\.address: 127\.0\.0\.9 is in 127\.0\.0\.0\/8/);
    expect(fail({ address: '10.2.2.2' }, { neighbors: [{ address: '10.2.2.2', as: 200, 'expect-as': 100 }] })).toBe(
      "topology: neighbors[0].address: 10.2.2.2 is the router's own address (router.address); give it another one",
    );
    expect(fail({}, { stations: [{ address: '10.0.0.1', ports: [1790] }] })).toBe(
      "topology: stations[0].address: 10.0.0.1 is the router's own address (router.address); give it another one",
    );
    expect(fail({ address: '10.9.9.9' }, { network: [{ address: '10.9.9.9', port: 1, to: '127.0.0.1:1' }] })).toMatch(
      /network\[0\]\.address: 10\.9\.9\.9 is the router's own address/,
    );
  });
});
