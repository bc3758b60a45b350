import type { Exercise } from '../types.js';

const bgp = ['bgp 100', 'peer 10.2.2.2 as-number 200', 'peer 10.3.3.3 as-number 300'];
const session = ['bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790'];
const monitoring = ['monitor peer 10.3.3.3', 'route-mode ipv4-family unicast adj-rib-out pre-policy', 'route-mode ipv4-family unicast adj-rib-out post-policy'];
/** Keep 203.0.113.0/24 from AS 300; advertise everything else. */
const policy = [
  'ip ip-prefix DOC-NET index 10 permit 203.0.113.0 24',
  'route-policy TO-AS300 deny node 10',
  'if-match ip-prefix DOC-NET',
  'quit',
  'route-policy TO-AS300 permit node 20',
  'quit',
];

export const exportPolicy: Exercise = {
  id: 'export-policy',
  title: '10. An export policy and Adj-RIB-Out',
  goal: 'Stop advertising 203.0.113.0/24 (learned from AS 200) to 10.3.3.3, and let BMP show it: the Adj-RIB-Out pre-policy view still holds the route the router would send, the post-policy view (what the export policy lets out) no longer does.',
  topology: 'default.yaml',
  start: ['system-view', ...bgp, 'quit', ...session, 'commit', 'return'],
  steps: [
    {
      text: 'Monitor what the router advertises to 10.3.3.3, before and after export policy: in the session 10.1.1.1, `monitor peer 10.3.3.3` with `route-mode ipv4-family unicast adj-rib-out pre-policy` and `route-mode ipv4-family unicast adj-rib-out post-policy`. Commit, and find 203.0.113.0/24 in both views.',
      hints: [
        'Adj-RIB-Out is reported with the O flag set in the per-peer header; the L flag still tells pre-policy from post-policy.',
        '`bmp`, `bmp-session 10.1.1.1`, `monitor peer 10.3.3.3`, the two `route-mode` lines, `commit`.',
      ],
      checkpoint: ['system-view', ...bgp, 'quit', ...session, ...monitoring, 'commit', 'return'],
    },
    {
      text: 'Write an export policy for 10.3.3.3 that denies 203.0.113.0/24 and permits the rest, and apply it with `peer 10.3.3.3 route-policy NAME export`. Commit and compare the two Adj-RIB-Out views.',
      hints: [
        'A list that permits just that prefix: `ip ip-prefix DOC-NET index 10 permit 203.0.113.0 24`.',
        'Two nodes: `route-policy TO-AS300 deny node 10` with `if-match ip-prefix DOC-NET`, then `route-policy TO-AS300 permit node 20` with no `if-match`, which lets every other route through.',
        'In `bgp 100`: `peer 10.3.3.3 route-policy TO-AS300 export`, then `commit`. `refresh bgp 10.3.3.3 export` in the user view sends the routes again through the policy.',
      ],
      checkpoint: ['system-view', ...policy, ...bgp, 'peer 10.3.3.3 route-policy TO-AS300 export', 'quit', ...session, ...monitoring, 'commit', 'return'],
    },
  ],
  checks: [
    {
      id: 'out-pre',
      step: 0,
      label: 'Station: 203.0.113.0/24 is in the Adj-RIB-Out pre-policy of 10.3.3.3',
      spec: { kind: 'station-route', prefix: '203.0.113.0/24', view: 'adj-rib-out pre-policy', peer: '10.3.3.3', present: true },
      hint: '`monitor peer 10.3.3.3` with `route-mode ipv4-family unicast adj-rib-out pre-policy`.',
    },
    {
      id: 'out-post-peer-up',
      step: 0,
      label: 'Peer Up for 10.3.3.3, Adj-RIB-Out post-policy',
      spec: { kind: 'station-message', type: 'peer-up', peer: '10.3.3.3', rib: 'adj-rib-out', postPolicy: true },
      hint: '`route-mode ipv4-family unicast adj-rib-out post-policy` under the same `monitor` block.',
    },
    {
      id: 'export',
      step: 1,
      label: 'Peer 10.3.3.3 has an export route-policy',
      spec: { kind: 'config', regex: '^peer 10\\.3\\.3\\.3 route-policy \\S+ export$', says: 'export route-policy for peer 10.3.3.3' },
      hint: '`peer 10.3.3.3 route-policy TO-AS300 export` in the BGP view.',
    },
    {
      id: 'out-post-denied',
      step: 1,
      label: 'Station: 203.0.113.0/24 is not in the Adj-RIB-Out post-policy of 10.3.3.3',
      spec: { kind: 'station-route', prefix: '203.0.113.0/24', view: 'adj-rib-out post-policy', peer: '10.3.3.3', present: false },
      hint: 'The export policy must deny 203.0.113.0/24. Did you commit?',
    },
    {
      id: 'out-post-rest',
      step: 1,
      label: 'Station: 198.18.1.0/24 is still advertised to 10.3.3.3 (post-policy)',
      spec: { kind: 'station-route', prefix: '198.18.1.0/24', view: 'adj-rib-out post-policy', peer: '10.3.3.3', present: true },
      hint: 'A route that no node permits is denied: add a permit node without `if-match` after the deny node.',
    },
  ],
};
