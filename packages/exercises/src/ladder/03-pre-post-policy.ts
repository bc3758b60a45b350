import type { Exercise } from '../types.js';

const bgp = ['bgp 100', 'peer 10.2.2.2 as-number 200', 'peer 10.3.3.3 as-number 300'];
const session = ['bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790'];
const monitoring = ['monitor public', 'route-mode ipv4-family unicast adj-rib-in pre-policy', 'route-mode ipv4-family unicast adj-rib-in post-policy'];
/** Deny 198.18.1.0/24, permit every other prefix; a route-policy that lets through what the list permits. */
const policy = [
  'ip ip-prefix NO-198-18-1 index 10 deny 198.18.1.0 24',
  'ip ip-prefix NO-198-18-1 index 20 permit 0.0.0.0 0 less-equal 32',
  'route-policy FROM-AS200 permit node 10',
  'if-match ip-prefix NO-198-18-1',
  'quit',
];

export const prePostPolicy: Exercise = {
  id: 'pre-post-policy',
  title: '3. Pre- vs post-policy: an import policy',
  goal: 'Filter one route that 10.2.2.2 sends and watch BMP tell the two stages apart. The station should still see 198.18.1.0/24 in the Adj-RIB-In pre-policy (what the neighbor sent, L flag clear), but no longer in the post-policy view (what the import policy accepted, L flag set), while the other routes pass.',
  topology: 'default.yaml',
  start: ['system-view', ...bgp, 'quit', ...session, 'commit', 'return'],
  steps: [
    {
      text: 'Keep the received routes with `keep-all-routes` in the BGP view, then monitor both stages: under `monitor public` in the session 10.1.1.1, add `route-mode ipv4-family unicast adj-rib-in pre-policy` and `route-mode ipv4-family unicast adj-rib-in post-policy`. Commit. With no policy yet, both views hold the same routes, 198.18.1.0/24 included.',
      hints: [
        'Without `keep-all-routes` the router throws away what it received once the import policy has run, so it has nothing pre-policy to report and sends no pre-policy Peer Up.',
        '`bgp 100`, `keep-all-routes`, `quit`, `bmp`, `bmp-session 10.1.1.1`, `monitor public`, then the two `route-mode` lines, and `commit`.',
        'Open a Route Monitoring for 10.2.2.2 in the station view: the L flag in the per-peer header is clear for pre-policy and set for post-policy.',
      ],
      checkpoint: ['system-view', ...bgp, 'keep-all-routes', 'quit', ...session, ...monitoring, 'commit', 'return'],
    },
    {
      text: 'Write an import policy for 10.2.2.2 that rejects 198.18.1.0/24 and accepts everything else: an IP prefix list, a route-policy that matches it, and `peer 10.2.2.2 route-policy NAME import` in the BGP view. Commit, then compare the two views at the station.',
      hints: [
        'An IP prefix list is read entry by entry and ends with an implicit deny: `ip ip-prefix NO-198-18-1 index 10 deny 198.18.1.0 24`, then `ip ip-prefix NO-198-18-1 index 20 permit 0.0.0.0 0 less-equal 32` for every other prefix.',
        '`route-policy FROM-AS200 permit node 10` opens the node (prompt `[*HUAWEI-route-policy]`); inside it, `if-match ip-prefix NO-198-18-1`. A route that no node permits is rejected.',
        'In `bgp 100`: `peer 10.2.2.2 route-policy FROM-AS200 import`, then `commit`. If the post-policy view does not change, `refresh bgp 10.2.2.2 import` in the user view runs the policy again.',
      ],
      checkpoint: ['system-view', ...policy, ...bgp, 'keep-all-routes', 'peer 10.2.2.2 route-policy FROM-AS200 import', 'quit', ...session, ...monitoring, 'commit', 'return'],
    },
  ],
  checks: [
    {
      id: 'keep',
      step: 0,
      label: 'BGP keeps the routes received from 10.2.2.2',
      spec: {
        kind: 'config',
        // For every peer, or for 10.2.2.2 alone: either keeps what 10.2.2.2 sends before import policy.
        regex: '^(peer 10\\.2\\.2\\.2 )?keep-all-routes$',
        parent: '^ipv4-family unicast$',
        says: '`keep-all-routes` (or `peer 10.2.2.2 keep-all-routes`) in the BGP view',
      },
      hint: 'Pre-policy reporting needs `keep-all-routes`.',
    },
    {
      id: 'pre',
      step: 0,
      label: 'Peer Up for 10.2.2.2, Adj-RIB-In pre-policy (L flag clear)',
      spec: { kind: 'station-message', type: 'peer-up', peer: '10.2.2.2', rib: 'adj-rib-in', postPolicy: false, station: '10.1.1.1:1790' },
      hint: 'Is `keep-all-routes` configured, and `route-mode ipv4-family unicast adj-rib-in pre-policy`?',
    },
    {
      id: 'pre-route',
      step: 0,
      label: 'Station: 198.18.1.0/24 from 10.2.2.2 is in Adj-RIB-In pre-policy',
      spec: { kind: 'station-route', prefix: '198.18.1.0/24', view: 'adj-rib-in pre-policy', peer: '10.2.2.2', present: true, asPath: { first: 200 } },
      hint: 'Pre-policy is what the neighbor sent, before any import policy: the route must stay here.',
    },
    {
      id: 'prefix-list',
      step: 1,
      label: 'An IP prefix list names 198.18.1.0 24',
      spec: { kind: 'config', regex: '^ip ip-prefix \\S+ (index \\d+ )?(permit|deny) 198\\.18\\.1\\.0 24( |$)', says: 'IP prefix list entry for 198.18.1.0 24' },
      hint: '`ip ip-prefix NO-198-18-1 index 10 deny 198.18.1.0 24` in the system view.',
    },
    {
      id: 'if-match',
      step: 1,
      label: 'A route-policy node matches an IP prefix list',
      spec: { kind: 'config', regex: '^if-match ip-prefix \\S+$', says: '`if-match ip-prefix` in a route-policy node' },
      hint: 'In the route-policy node view: `if-match ip-prefix NO-198-18-1`.',
    },
    {
      id: 'import',
      step: 1,
      label: 'Peer 10.2.2.2 has an import route-policy',
      spec: { kind: 'config', regex: '^peer 10\\.2\\.2\\.2 route-policy \\S+ import$', says: 'import route-policy for peer 10.2.2.2' },
      hint: '`peer 10.2.2.2 route-policy FROM-AS200 import` in the BGP view.',
    },
    {
      id: 'post-denied',
      step: 1,
      label: 'Station: 198.18.1.0/24 from 10.2.2.2 is not in Adj-RIB-In post-policy',
      spec: { kind: 'station-route', prefix: '198.18.1.0/24', view: 'adj-rib-in post-policy', peer: '10.2.2.2', present: false },
      hint: 'The import policy must reject 198.18.1.0/24. Did you commit? `refresh bgp 10.2.2.2 import` runs it again.',
    },
    {
      id: 'post-rest',
      step: 1,
      label: 'Station: 203.0.113.0/24 from 10.2.2.2 still passes to post-policy',
      spec: { kind: 'station-route', prefix: '203.0.113.0/24', view: 'adj-rib-in post-policy', peer: '10.2.2.2', present: true },
      hint: 'A prefix list ends with an implicit deny: permit the other prefixes (`permit 0.0.0.0 0 less-equal 32`).',
    },
  ],
};
