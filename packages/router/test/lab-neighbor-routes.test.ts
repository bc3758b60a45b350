import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBgpFramer, decodeBgpMessage, encodeBgpMessage } from '@bmp-lab/codec';
import type { BgpMessage, UpdateMessage } from '@bmp-lab/codec';
import { LabNeighbor, NeighborRouteError } from '@bmp-lab/router';
import type { NeighborAdmission, NeighborSpec, StreamConnection } from '@bmp-lab/router';
import { listenStream, systemClock } from '@bmp-lab/router/node';

/**
 * A lab neighbor's routes change at run time, within its real BGP session:
 * a raw TCP peer (the router's side, AS 100) sees each change as an UPDATE
 * at once, a change made while not Established joins the next session's
 * table, and a change made during the table dump follows the route it changes.
 */
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
});

interface Peer {
  socket: Socket;
  received: BgpMessage[];
}

async function startNeighbor(spec: NeighborSpec, admission: NeighborAdmission | null = null): Promise<{ neighbor: LabNeighbor; port: number }> {
  const neighbor = new LabNeighbor(spec, systemClock(), admission);
  const listener = await listenStream('127.0.0.1', 0, (c) => neighbor.accept(c));
  cleanup.push(
    () => listener.close(),
    () => neighbor.stop(),
  );
  return { neighbor, port: listener.port };
}

/** A peer in AS 100 that opens a session (IPv6 unicast too when `v6`) and records what it receives. */
async function peerOf(port: number, v6 = false): Promise<Peer> {
  const socket = connect(port, '127.0.0.1');
  cleanup.push(() => socket.destroy());
  const received: BgpMessage[] = [];
  const framer = createBgpFramer();
  socket.on('data', (chunk) => {
    for (const item of framer.push(new Uint8Array(chunk))) {
      if (!item.ok) throw new Error(item.error.message);
      const m = decodeBgpMessage(item.bytes);
      if (!m.ok) throw new Error(m.error.message);
      received.push(m.value);
    }
  });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const parameters = v6 ? [{ type: 'capabilities' as const, capabilities: [{ type: 'multiprotocol' as const, afi: 2, safi: 1 }] }] : [];
  socket.write(encodeBgpMessage({ type: 'open', version: 4, myAsn: 100, holdTime: 180, bgpId: '192.0.2.1', parameters }));
  socket.write(encodeBgpMessage({ type: 'keepalive' }));
  return { socket, received };
}

async function until(probe: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const updates = (p: Peer) => p.received.filter((m): m is UpdateMessage => m.type === 'update');
/** End-of-RIB: an UPDATE with nothing in it (IPv4), or an empty MP_UNREACH_NLRI (IPv6). */
const isEndOfRib = (u: UpdateMessage) =>
  u.nlri.length === 0 && u.withdrawnRoutes.length === 0 && u.pathAttributes.every((a) => a.type === 'mpUnreachNlri' && a.withdrawnRoutes.length === 0);

/** What the peer's Adj-RIB-In holds after every UPDATE so far: prefix → MED (null when none). */
function ribOf(p: Peer): Map<string, number | null> {
  const rib = new Map<string, number | null>();
  for (const u of updates(p)) {
    for (const w of u.withdrawnRoutes) rib.delete(w);
    const med = u.pathAttributes.find((a) => a.type === 'multiExitDisc');
    const value = med && med.type === 'multiExitDisc' ? med.value : null;
    for (const a of u.pathAttributes) {
      if (a.type === 'mpUnreachNlri') for (const w of a.withdrawnRoutes) rib.delete(w);
      if (a.type === 'mpReachNlri') for (const n of a.nlri) rib.set(n, value);
    }
    for (const n of u.nlri) rib.set(n, value);
  }
  return rib;
}

/**
 * A real connection that reports itself full once `updatesAllowed` UPDATEs
 * have been written (a router that reads slowly), until `release` empties it.
 */
function slowAfter(c: StreamConnection, valve: { updatesAllowed: number; release: () => void }): StreamConnection {
  let updatesWritten = 0;
  let full = false;
  const drains: (() => void)[] = [];
  valve.release = () => {
    valve.updatesAllowed = Infinity;
    full = false;
    for (const d of drains) d();
  };
  return {
    localAddress: c.localAddress,
    localPort: c.localPort,
    remoteAddress: c.remoteAddress,
    remotePort: c.remotePort,
    write: (bytes) => {
      // Byte 18 of a BGP message is its type; 2 is UPDATE.
      if (bytes[18] === 2 && ++updatesWritten >= valve.updatesAllowed) full = true;
      return c.write(bytes) && !full;
    },
    get pendingBytes() {
      return full ? Number.MAX_SAFE_INTEGER : c.pendingBytes;
    },
    end: () => c.end(),
    destroy: () => c.destroy(),
    onDrain: (listener) => {
      drains.push(listener);
      c.onDrain(listener);
    },
    onData: (listener) => c.onData(listener),
    onClose: (listener) => c.onClose(listener),
  };
}

const V4: NeighborSpec = { address: '10.2.2.2', asn: 200, expectAs: 100, routes: [{ prefix: '203.0.113.0/24', med: 10 }] };

describe('LabNeighbor routes at run time', () => {
  it('sends an announcement, a new MED and a withdrawal at once while Established', async () => {
    const { neighbor, port } = await startNeighbor(V4);
    const peer = await peerOf(port);
    await until(() => updates(peer).some(isEndOfRib));
    expect(neighbor.announceRoutes([{ prefix: '198.51.100.0/24', med: 5, asPath: [64500], communities: ['200:9'] }])).toBe(1);
    await until(() => ribOf(peer).get('198.51.100.0/24') === 5);
    const sent = updates(peer).find((u) => u.nlri.includes('198.51.100.0/24'))!;
    expect(sent.pathAttributes).toContainEqual({ type: 'asPath', segments: [{ type: 'sequence', asns: [200, 64500] }] });
    expect(sent.pathAttributes).toContainEqual({ type: 'communities', values: ['200:9'] });
    neighbor.announceRoutes([{ prefix: '198.51.100.0/24', med: 7 }]);
    await until(() => ribOf(peer).get('198.51.100.0/24') === 7);
    expect(neighbor.withdrawRoute('198.51.100.0/24')).toBe(true);
    await until(() => !ribOf(peer).has('198.51.100.0/24'));
    expect(updates(peer).at(-1)).toMatchObject({ withdrawnRoutes: ['198.51.100.0/24'], nlri: [] });
    // Not announced (any more): nothing to withdraw.
    expect(neighbor.withdrawRoute('198.51.100.0/24')).toBe(false);
    expect(neighbor.routes()).toEqual([{ prefix: '203.0.113.0/24', med: 10 }]);
  });

  it('withdraws many routes in one UPDATE, all or nothing', async () => {
    const { neighbor, port } = await startNeighbor(V4);
    const peer = await peerOf(port);
    await until(() => updates(peer).some(isEndOfRib));
    const added = Array.from({ length: 50 }, (_, i) => ({ prefix: `198.51.${i}.0/24` }));
    neighbor.announceRoutes(added);
    await until(() => ribOf(peer).size === 51);
    const before = updates(peer).length;
    // One prefix it does not announce: nothing is withdrawn.
    expect(() => neighbor.withdrawRoutes(['198.51.0.0/24', '192.0.2.0/24'])).toThrow(/10\.2\.2\.2 does not announce 192\.0\.2\.0\/24/);
    expect(() => neighbor.withdrawRoutes(['198.51.0.0/24', '198.51.0.0/24'])).toThrow(/listed twice/);
    expect(neighbor.routes()).toHaveLength(51);
    expect(neighbor.withdrawRoutes(added.map((r) => r.prefix))).toBe(50);
    await until(() => ribOf(peer).size === 1);
    const sent = updates(peer).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.withdrawnRoutes).toHaveLength(50);
    expect(neighbor.routes()).toEqual([{ prefix: '203.0.113.0/24', med: 10 }]);
  });

  it('keeps a change made while no session is up for the next session', async () => {
    const { neighbor, port } = await startNeighbor(V4);
    neighbor.announceRoutes([{ prefix: '198.51.100.0/24' }]);
    expect(neighbor.withdrawRoute('203.0.113.0/24')).toBe(true);
    const peer = await peerOf(port);
    await until(() => updates(peer).some(isEndOfRib));
    expect([...ribOf(peer).keys()]).toEqual(['198.51.100.0/24']);
    // Brought down and up again: the new session gets the table as it is now.
    neighbor.setUp(false);
    await new Promise((r) => peer.socket.once('close', r));
    neighbor.announceRoutes([{ prefix: '192.0.2.0/24', med: 1 }]);
    neighbor.setUp(true);
    const again = await peerOf(port);
    await until(() => updates(again).some(isEndOfRib));
    expect(ribOf(again)).toEqual(
      new Map([
        ['198.51.100.0/24', null],
        ['192.0.2.0/24', 1],
      ]),
    );
  });

  it('withdraws an IPv6 route in MP_UNREACH_NLRI and refuses routes of the other family', async () => {
    const { neighbor, port } = await startNeighbor({ address: '2001:db8:2::2', routerId: '10.2.2.2', asn: 200, expectAs: 100, routes: [] });
    const peer = await peerOf(port, true);
    await until(() => updates(peer).some(isEndOfRib));
    // Any spelling of the prefix: kept in RFC 5952 form.
    neighbor.announceRoutes([{ prefix: '2001:DB8:99:0::/64', med: 3 }]);
    await until(() => ribOf(peer).get('2001:db8:99::/64') === 3);
    expect(neighbor.routes()).toEqual([{ prefix: '2001:db8:99::/64', med: 3 }]);
    expect(neighbor.withdrawRoute('2001:db8:99::/64')).toBe(true);
    await until(() => !ribOf(peer).has('2001:db8:99::/64'));
    expect(updates(peer).at(-1)!.pathAttributes).toEqual([{ type: 'mpUnreachNlri', afi: 2, safi: 1, withdrawnRoutes: ['2001:db8:99::/64'] }]);
    expect(() => neighbor.announceRoutes([{ prefix: '203.0.113.0/24' }])).toThrow(
      /203\.0\.113\.0\/24 is not an IPv6 prefix: the IPv6 neighbor 2001:db8:2::2 announces routes of its own family only/,
    );
    expect(() => neighbor.announceRoutes([{ prefix: '2001:db8:99::1/64' }])).toThrow(/not a prefix with its host bits zero/);
    // All or nothing: the good route before the bad one was not taken.
    expect(() => neighbor.announceRoutes([{ prefix: '2001:db8:98::/64' }, { prefix: '10.0.0.0/8' }])).toThrow(NeighborRouteError);
    expect(neighbor.routes()).toEqual([]);
  });

  it('a change made during the table dump follows the route it changes', async () => {
    // 3,000 routes: five UPDATEs of 600. The socket reports itself full after the second (a slow router), so the
    // dump is under way, its last three UPDATEs not yet sent, when the changes are made.
    const routes = Array.from({ length: 3000 }, (_, i) => ({ prefix: `10.${i >> 8}.${i & 255}.0/24`, med: 1 }));
    const valve = { updatesAllowed: 2, release: () => {} };
    const neighbor = new LabNeighbor({ ...V4, routes }, systemClock());
    const listener = await listenStream('127.0.0.1', 0, (c) => neighbor.accept(slowAfter(c, valve)));
    cleanup.push(
      () => listener.close(),
      () => neighbor.stop(),
    );
    const peer = await peerOf(listener.port);
    await until(() => updates(peer).length === 2);
    expect(neighbor.sendingTable).toBe(true);
    const last = routes.at(-1)!.prefix;
    const beforeLast = routes.at(-2)!.prefix;
    neighbor.announceRoutes([
      { prefix: last, med: 2 },
      { prefix: '198.51.100.0/24', med: 2 },
    ]);
    expect(neighbor.withdrawRoute(beforeLast)).toBe(true);
    // A route of the part already sent, changed too.
    neighbor.announceRoutes([{ prefix: routes[0]!.prefix, med: 3 }]);
    valve.release();
    await until(() => ribOf(peer).get('198.51.100.0/24') === 2);
    // The final table is the neighbor's: the dump's old versions did not overwrite the changes.
    const rib = ribOf(peer);
    expect(rib.size).toBe(3000);
    expect(rib.get(last)).toBe(2);
    expect(rib.has(beforeLast)).toBe(false);
    expect(rib.get(routes[0]!.prefix)).toBe(3);
    expect(rib.get(routes[1]!.prefix)).toBe(1);
    // End-of-RIB ended the dump; the changes came after it.
    const eor = updates(peer).findIndex(isEndOfRib);
    expect(updates(peer).findIndex((u) => u.nlri.includes('198.51.100.0/24'))).toBeGreaterThan(eor);
  });

  it('asks the route budget before an admitted session grows, and gives routes back as they are withdrawn', async () => {
    let live = 0;
    const admission: NeighborAdmission = {
      admit: (n) => ((live += n.routeCount), true),
      release: () => (live = 0),
      resize: (_n, delta) => (live + delta > 3 ? `over the budget of 3` : ((live += delta), null)),
    };
    const { neighbor, port } = await startNeighbor(V4, admission);
    const peer = await peerOf(port);
    await until(() => updates(peer).some(isEndOfRib));
    expect(live).toBe(1);
    neighbor.announceRoutes([{ prefix: '198.51.100.0/24' }, { prefix: '192.0.2.0/24' }]);
    expect(live).toBe(3);
    // A new attribute on a route it already announces is no growth.
    neighbor.announceRoutes([{ prefix: '192.0.2.0/24', med: 4 }]);
    expect(() => neighbor.announceRoutes([{ prefix: '198.18.0.0/24' }])).toThrow('over the budget of 3');
    expect(neighbor.routeCount).toBe(3);
    neighbor.withdrawRoute('192.0.2.0/24');
    expect(live).toBe(2);
    neighbor.announceRoutes([{ prefix: '198.18.0.0/24' }]);
    expect(live).toBe(3);
  });
});
