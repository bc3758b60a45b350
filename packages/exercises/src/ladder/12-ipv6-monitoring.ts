import type { Exercise } from '../types.js';

const session = ['bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790'];
const peers = ['bgp 100', 'peer 2001:db8:2::2 as-number 200', 'peer 2001:db8:3::3 as-number 300'];
const enabled = ['ipv6-family unicast', 'peer 2001:db8:2::2 enable', 'peer 2001:db8:3::3 enable', 'quit'];
const monitoring = ['monitor public', 'route-mode ipv6-family unicast adj-rib-in post-policy', 'route-mode ipv6-family unicast local-rib'];

export const ipv6Monitoring: Exercise = {
  id: 'ipv6-monitoring',
  title: '12. IPv6 peers (BGP4+)',
  goal: 'The lab has two IPv6 neighbors: 2001:db8:2::2 (AS 200) and 2001:db8:3::3 (AS 300), both announcing 2001:db8:1000::/48. Bring up BGP4+ sessions with them and report their IPv6 routes and the IPv6 Loc-RIB to the station.',
  topology: 'default.yaml',
  start: ['system-view', 'bgp 100', 'quit', ...session, 'commit', 'return'],
  steps: [
    {
      text: 'In `bgp 100`, add `peer 2001:db8:2::2 as-number 200` and `peer 2001:db8:3::3 as-number 300`, then enable both in `ipv6-family unicast` with `peer … enable`; commit. `display bgp ipv6 peer` shows them Established.',
      hints: [
        'An IPv6 peer is enabled in no address family until you enable it: until then its session does not even start.',
        '`ipv6-family unicast` opens `[*HUAWEI-bgp-af-ipv6]`; there, `peer 2001:db8:2::2 enable`.',
      ],
      checkpoint: ['system-view', ...peers, ...enabled, 'quit', ...session, 'commit', 'return'],
    },
    {
      text: 'Report IPv6 unicast: `monitor public` with `route-mode ipv6-family unicast adj-rib-in post-policy` and `route-mode ipv6-family unicast local-rib` in the session 10.1.1.1; commit. The station receives Peer Ups from the IPv6 peers (V flag) and their routes in MP_REACH_NLRI.',
      hints: [
        'A route-mode names its address family: `ipv4-family unicast` route-modes report no IPv6 route.',
        'In the Loc-RIB, 2001:db8:1000::/48 is best via AS 200: its AS path is shorter. `display bgp ipv6 routing-table` shows both paths.',
      ],
      checkpoint: ['system-view', ...peers, ...enabled, 'quit', ...session, ...monitoring, 'commit', 'return'],
    },
  ],
  checks: [
    {
      id: 'enable',
      step: 0,
      label: 'Peer 2001:db8:2::2 is enabled in IPv6 unicast',
      spec: { kind: 'config', regex: '^peer 2001:DB8:2::2 enable$', parent: '^ipv6-family unicast$', says: '`peer 2001:db8:2::2 enable` in `ipv6-family unicast`' },
      hint: '`peer 2001:db8:2::2 enable` in `ipv6-family unicast`.',
    },
    {
      id: 'peer-2',
      step: 0,
      label: 'BGP4+ peer 2001:db8:2::2 is Established',
      spec: { kind: 'bgp-peer', address: '2001:db8:2::2', state: 'established' },
      hint: 'Check the AS numbers and `peer … enable`: `display bgp ipv6 peer`.',
    },
    { id: 'peer-3', step: 0, label: 'BGP4+ peer 2001:db8:3::3 is Established', spec: { kind: 'bgp-peer', address: '2001:db8:3::3', state: 'established' } },
    {
      id: 'mode',
      step: 1,
      label: 'route-mode ipv6-family unicast local-rib configured',
      spec: {
        kind: 'config',
        regex: '^route-mode ipv6-family unicast local-rib( |$)',
        parent: '^monitor public$',
        says: '`route-mode ipv6-family unicast local-rib` under `monitor public`',
      },
    },
    {
      id: 'peer-up',
      step: 1,
      label: 'Station received a post-policy Peer Up from 2001:db8:2::2',
      spec: { kind: 'station-message', type: 'peer-up', peer: '2001:db8:2::2', rib: 'adj-rib-in', postPolicy: true },
      hint: 'An IPv6 peer is monitored by an `ipv6-family unicast` route-mode.',
    },
    {
      id: 'adj-in',
      step: 1,
      label: "Station: 2001:db8:3::3's Adj-RIB-In holds 2001:db8:1000::/48 with AS path 300 64520",
      spec: { kind: 'station-route', prefix: '2001:db8:1000::/48', view: 'adj-rib-in post-policy', peer: '2001:db8:3::3', present: true, asPath: { exact: [300, 64520] } },
    },
    {
      id: 'loc-rib',
      step: 1,
      label: "Station: the IPv6 Loc-RIB's best path for 2001:db8:1000::/48 comes through AS 200",
      spec: { kind: 'station-route', prefix: '2001:db8:1000::/48', view: 'loc-rib', present: true, asPath: { first: 200 } },
      hint: '`route-mode ipv6-family unicast local-rib` under `monitor public`.',
    },
  ],
};
