import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '@bmp-lab/router/node';
import { Lab } from '../src/lab/lab.js';
import { DEFAULT_TOPOLOGY, TopologyError, topologyToData, validateTopology } from '../src/lab/topology.js';
import { eventually } from './lab-harness.js';

/**
 * A BMP session to an IPv6 monitoring station (Huawei page "bmp-session (BMP
 * view)(IPv6)": `bmp-session [ vpn-instance NAME ] IPV6-ADDRESS`). A topology
 * station may have an IPv6 address; the lab maps it to a loopback listener as
 * it does IPv4 ones, and the router's end of the session is an IPv6 lab
 * address (the lab's /64 convention, as for BGP4+ peers), never loopback.
 */
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
});

const withIpv6Station = (address: string) => {
  const data = topologyToData(DEFAULT_TOPOLOGY) as { stations: { address: string; ports: number[] }[] };
  return validateTopology({ ...data, stations: [...data.stations, { address, ports: [1790] }] }, 'test');
};

describe('BMP sessions to an IPv6 station', () => {
  it('a topology station may have an IPv6 address (kept in RFC 5952 form); a malformed one is refused with a clear message', () => {
    expect(withIpv6Station('2001:DB8:1:0::9').stations.at(-1)).toEqual({ address: '2001:db8:1::9', ports: [1790] });
    expect(() => withIpv6Station('2001:db8::1::9')).toThrow(TopologyError);
    expect(() => withIpv6Station('2001:db8::1::9')).toThrow(/not an IPv6 address/);
  });

  it('the router dials the IPv6 station through the lab network and reports its IPv6 lab address as the local end', async () => {
    const lab = await Lab.start({ id: 'v6-station', topology: withIpv6Station('2001:db8:1::9'), clock: systemClock(50), allowConnect: [], externalStation: null });
    cleanup.push(() => lab.stop());
    const terminal = lab.device.openTerminal();
    terminal.open();
    const type = (...lines: string[]) => lines.map((l) => terminal.input(l + '\r')).join('');
    const out = type(
      'system-view',
      'bgp 100',
      'peer 2001:db8:2::2 as-number 200',
      'ipv6-family unicast',
      'peer 2001:db8:2::2 enable',
      'quit',
      'quit',
      'bmp',
      'bmp-session 2001:DB8:1::9',
      'tcp connect port 1790',
      'monitor public',
      'route-mode ipv6-family unicast adj-rib-in post-policy',
      'commit',
      'return',
    );
    expect(out).not.toContain('Error');
    const session = () => lab.device.bmpSessions().find((s) => s.id.address.toLowerCase() === '2001:db8:1::9');
    const up = await eventually(() => (session()?.state === 'up' ? session() : undefined), 10_000);
    // The router's end inside the lab: ::1 of the station's /64; the loopback socket stays behind it.
    expect(up.localAddress).toBe('2001:db8:1::1');
    expect(up.socketAddress).toBe('127.0.0.1');
    const text = type('display bmp session 2001:DB8:1::9 verbose');
    expect(text).toContain(`    Local address: 2001:db8:1::1, Local port: ${up.localPort}`);
    expect(text).not.toContain('127.0.0.1');

    // The lab's station for 2001:db8:1::9 got the session and its IPv6 routes, linked to the session.
    const card = await eventually(
      () => lab.station.routers().find((r) => r.closedAt === null && r.sessionKey !== null && r.sessionKey.includes('2001') && r.received['route-monitoring'] >= 3),
      10_000,
    );
    expect(card.received['peer-up']).toBeGreaterThanOrEqual(1);
    expect(card.station).toContain('2001:db8:1::9');
    expect(lab.network.refusals).toBe(0);
  });
});
