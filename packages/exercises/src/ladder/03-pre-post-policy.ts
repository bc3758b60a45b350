import type { Exercise } from '../types.js';

const base = ['system-view', 'bgp 100', 'peer 10.2.2.2 as-number 200', 'peer 10.3.3.3 as-number 300', 'quit'];

export const prePostPolicy: Exercise = {
  id: 'pre-post-policy',
  title: '3. Pre- vs post-policy, and Adj-RIB-Out',
  goal: 'Report 10.2.2.2\'s routes as received (Adj-RIB-In pre-policy, L flag clear) and as accepted (post-policy, L flag set), and what the router advertises (Adj-RIB-Out).',
  topology: 'default.yaml',
  start: [...base, 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit', 'return'],
  steps: [
    {
      text: 'Under `monitor public`, add `route-mode ipv4-family unicast adj-rib-in pre-policy` and `… adj-rib-in post-policy`; commit.',
      hints: [
        'Pre-policy needs the received routes kept: `keep-all-routes` in the BGP view.',
        'Without keep-all-routes the router has nothing pre-policy to report, so no pre-policy Peer Up is sent.',
      ],
      checkpoint: [
        ...base.slice(0, -1), 'keep-all-routes', 'quit',
        'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'monitor public',
        'route-mode ipv4-family unicast adj-rib-in pre-policy', 'route-mode ipv4-family unicast adj-rib-in post-policy', 'commit', 'return',
      ],
    },
    {
      text: 'Add `route-mode ipv4-family unicast adj-rib-out post-policy`; commit, and compare the peer headers in the inspector.',
      hints: ['Adj-RIB-Out is flagged with the O flag in the per-peer header (RFC 8671).'],
      checkpoint: [
        ...base.slice(0, -1), 'keep-all-routes', 'quit',
        'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'monitor public',
        'route-mode ipv4-family unicast adj-rib-in pre-policy', 'route-mode ipv4-family unicast adj-rib-in post-policy',
        'route-mode ipv4-family unicast adj-rib-out post-policy', 'commit', 'return',
      ],
    },
  ],
  checks: [
    { id: 'keep', step: 0, label: 'BGP keeps all received routes', spec: { kind: 'config', regex: '^keep-all-routes$' }, hint: 'Pre-policy reporting needs keep-all-routes.' },
    { id: 'pre', step: 0, label: 'Peer Up for 10.2.2.2, Adj-RIB-In pre-policy (L flag clear)', spec: { kind: 'station-message', type: 'peer-up', peer: '10.2.2.2', rib: 'adj-rib-in', postPolicy: false }, hint: 'Is keep-all-routes configured?' },
    { id: 'post', step: 0, label: 'Route Monitoring for 10.2.2.2, Adj-RIB-In post-policy (L flag set)', spec: { kind: 'station-message', type: 'route-monitoring', peer: '10.2.2.2', rib: 'adj-rib-in', postPolicy: true } },
    { id: 'out', step: 1, label: 'Route Monitoring from Adj-RIB-Out', spec: { kind: 'station-message', type: 'route-monitoring', rib: 'adj-rib-out' }, hint: '`route-mode ipv4-family unicast adj-rib-out post-policy`' },
  ],
};
