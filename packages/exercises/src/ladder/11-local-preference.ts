import type { Exercise } from '../types.js';

const bgp = ['bgp 100', 'peer 10.2.2.2 as-number 200', 'peer 10.3.3.3 as-number 300'];
const session = ['bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790'];
const monitoring = ['monitor public', 'route-mode ipv4-family unicast local-rib'];
const policy = ['route-policy PREFER-AS300 permit node 10', 'apply local-preference 200', 'quit'];

export const localPreference: Exercise = {
  id: 'local-preference',
  title: '11. Local preference picks the best path',
  goal: "Both neighbors announce 198.18.0.0/24. The router prefers the path via AS 200 because its AS path is shorter. Make it prefer the path via AS 300 by raising that path's local preference with an import policy, and watch the Loc-RIB that BMP reports change its best path.",
  topology: 'default.yaml',
  start: ['system-view', ...bgp, 'quit', ...session, 'commit', 'return'],
  steps: [
    {
      text: "Report the Loc-RIB (the router's best routes): `monitor public` with `route-mode ipv4-family unicast local-rib` in the session 10.1.1.1; commit. In the station view, 198.18.0.0/24 has the AS path 200.",
      hints: [
        'The Loc-RIB is reported with peer type 3 (RFC 9069); the per-peer address is 0.0.0.0.',
        '`display bgp routing-table` on the router lists both paths of 198.18.0.0/24; the best one is marked `*>`.',
      ],
      checkpoint: ['system-view', ...bgp, 'quit', ...session, ...monitoring, 'commit', 'return'],
    },
    {
      text: 'Write a route-policy that sets `apply local-preference 200` and apply it to the routes from 10.3.3.3 with `peer 10.3.3.3 route-policy NAME import`. Commit. Local preference is compared before AS path length, so the path via AS 300 becomes best.',
      hints: [
        'The default local preference is 100, and the higher value wins.',
        '`route-policy PREFER-AS300 permit node 10`, then `apply local-preference 200`, then `quit`. With no `if-match`, the node applies to every route.',
        'In `bgp 100`: `peer 10.3.3.3 route-policy PREFER-AS300 import`, then `commit`. `refresh bgp 10.3.3.3 import` in the user view runs the policy again.',
      ],
      checkpoint: ['system-view', ...policy, ...bgp, 'peer 10.3.3.3 route-policy PREFER-AS300 import', 'quit', ...session, ...monitoring, 'commit', 'return'],
    },
  ],
  checks: [
    {
      id: 'loc-rib',
      step: 0,
      label: 'Station: the Loc-RIB holds 198.18.0.0/24',
      spec: { kind: 'station-route', prefix: '198.18.0.0/24', view: 'loc-rib', present: true },
      hint: '`route-mode ipv4-family unicast local-rib` under `monitor public`.',
    },
    {
      id: 'apply',
      step: 1,
      label: 'A route-policy sets local preference 200',
      spec: { kind: 'config', regex: '^apply local-preference 200$', says: '`apply local-preference 200` in a route-policy node' },
      hint: 'In the route-policy node view: `apply local-preference 200`.',
    },
    {
      id: 'import',
      step: 1,
      label: 'Peer 10.3.3.3 has an import route-policy',
      spec: { kind: 'config', regex: '^peer 10\\.3\\.3\\.3 route-policy \\S+ import$', says: 'import route-policy for peer 10.3.3.3' },
      hint: '`peer 10.3.3.3 route-policy PREFER-AS300 import` in the BGP view.',
    },
    {
      id: 'best-via-300',
      step: 1,
      label: "Station: the Loc-RIB's best path for 198.18.0.0/24 comes through AS 300",
      spec: { kind: 'station-route', prefix: '198.18.0.0/24', view: 'loc-rib', present: true, asPath: { first: 300 } },
      hint: 'The policy must apply to 10.3.3.3 on import, and raise the local preference above 100.',
    },
  ],
};
