import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startLab } from './lab-harness.js';

/**
 * The BGP displays a trainee reads, with real peers behind them: the lab's
 * neighbors over loopback TCP, configured by typing VRP commands.
 */
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
});

/** Terminal output of one command as plain lines, without the echo and the next prompt. */
function lines(out: string): string[] {
  return out
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    .split('\r\n')
    .slice(1, -1);
}

describe('BGP displays', () => {
  it('display bgp peer, routing-table and bmp-monitor print VRP layouts with the live state', async () => {
    const { lab, type } = await startLab();
    cleanup.push(() => lab.stop());
    type(
      'screen-length 0 temporary',
      'system-view',
      'bgp 100',
      'router-id 1.1.1.1',
      'peer 10.2.2.2 as-number 200',
      'peer 10.3.3.3 as-number 300',
      'quit',
      'bmp',
      'bmp-session 10.1.1.1',
      'tcp connect port 1790',
      'monitor public',
      'route-mode ipv4-family unicast adj-rib-in pre-policy',
      'route-mode ipv4-family unicast local-rib',
      'quit',
      'monitor peer 10.3.3.3',
      'commit',
      'return',
    );
    await eventually(() => lab.device.bgpPeers().filter((p) => p.prefixesReceived === 5).length === 2, 10_000);

    const peers = lines(type('display bgp peer'));
    expect(peers.slice(0, 4)).toEqual([
      ' BGP local router ID : 1.1.1.1',
      ' Local AS number : 100',
      ' Total number of peers : 2                 Peers in established state : 2',
      '  Peer            V    AS  MsgRcvd  MsgSent  OutQ  Up/Down       State PrefRcv',
    ]);
    expect(peers[4]).toMatch(/^  10\.2\.2\.2        4   200 {8}\d [ \d]{8}     0 00:00:\d\d Established       5$/);
    expect(peers[5]).toMatch(/^  10\.3\.3\.3        4   300 /);

    const table = lines(type('display bgp routing-table'));
    expect(table.slice(0, 8)).toEqual([
      ' BGP Local router ID is 1.1.1.1',
      ' Status codes: * - valid, > - best, d - damped, x - best external, a - add path,',
      '               h - history,  i - internal, s - suppressed, S - Stale',
      '               Origin : i - IGP, e - EGP, ? - incomplete',
      ' RPKI validation codes: V - valid, I - invalid, N - not-found',
      '',
      ' Total Number of Routes: 10',
      '      Network            NextHop        MED        LocPrf    PrefVal Path/Ogn',
    ]);
    // 198.18.0.0/24 is heard from both neighbors; the shorter AS_PATH (via AS 200) is best.
    expect(table).toContain(' *>   198.18.0.0/24       10.2.2.2       10                     0      200i');
    expect(table).toContain(' *    198.18.0.0/24       10.3.3.3                              0      300 64520i');
    expect(table).toContain(' *>   203.0.113.0/24      10.2.2.2       10                     0      200i');
    // 198.18.4.0/24 too, and there the shorter path is via AS 300.
    expect(table).toContain(' *>   198.18.4.0/24       10.3.3.3       20                     0      300i');

    const verbose = lines(type('display bmp session 10.1.1.1 verbose'));
    expect(verbose[0]).toBe('BMP session 10.1.1.1, port 1790');
    expect(verbose[1]).toMatch(/^    Current state: Up, Age: \d+s$/);
    expect(verbose.slice(2, 6)).toEqual([
      '    VPN-instance name: _public_',
      expect.stringMatching(/^    Local address: 10\.0\.0\.1, Local port: \d+$/),
      '    Statistics timeout: 3600(s)',
      '    ConnectRetry Timer Remainder: 0(s)',
    ]);
    // Protocol seconds, though the lab's timers run 50x faster here.
    expect(Number(/Remainder: (\d+)/.exec(verbose[6]!)?.[1])).toBeGreaterThan(3000);
    expect(verbose.slice(-3)).toEqual(['  BGP ipv4-family unicast :', '  0.0.0.0   (local-rib)', '  10.3.3.3 (in post-policy)']);
    expect(lines(type('display bgp bmp-monitor all'))).toEqual([
      '0.0.0.0 : monitor public / private',
      '*0.0.0.0 : monitor all vpn instances',
      '',
      '*>BGP ipv4-family unicast :',
      '  Peer            Session Ip      Alias      State   route-mode',
      '  10.3.3.3        10.1.1.1                   up      in post-policy',
      '  0.0.0.0         10.1.1.1                   up      in pre-policy',
      '                  10.1.1.1                   up      local-rib',
    ]);
  });
});
