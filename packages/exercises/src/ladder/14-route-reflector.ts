import type { Exercise } from '../types.js';

// Three routers in AS 100, each with its own router ID: HUAWEI (10.0.0.1, 1.1.1.1) has eBGP with 10.2.2.2;
// RR (10.0.0.3, 3.3.3.3) peers with both others; R2 (10.0.0.2, 2.2.2.2) peers only with RR and reports to the station.
// Without a reflector, RR passes no route learned over iBGP to another iBGP peer (RFC 4271 §9.2).
const huawei = ['system-view', 'bgp 100', 'router-id 1.1.1.1', 'peer 10.2.2.2 as-number 200', 'peer 10.0.0.3 as-number 100', 'quit', 'commit', 'return'];
const rrBgp = ['bgp 100', 'router-id 3.3.3.3', 'peer 10.0.0.1 as-number 100', 'peer 10.0.0.2 as-number 100'];
const rr = (...lines: string[]) => ['system-view', ...rrBgp, ...lines, 'quit', 'commit', 'return'];
const r2 = [
  'system-view',
  'bgp 100',
  'router-id 2.2.2.2',
  'peer 10.0.0.3 as-number 100',
  'quit',
  'bmp',
  'bmp-session 10.1.1.1',
  'tcp connect port 1790',
  'monitor public',
  'route-mode ipv4-family unicast adj-rib-in post-policy',
  'route-mode ipv4-family unicast local-rib',
  'commit',
  'return',
];
const reflecting = rr('peer 10.0.0.1 reflect-client', 'peer 10.0.0.2 reflect-client');

export const routeReflector: Exercise = {
  id: 'route-reflector',
  title: '14. A route reflector',
  goal: "HUAWEI learns 203.0.113.0/24 from 10.2.2.2, but R2 never sees it: R2 peers only with RR, and an iBGP router does not pass on what it learned over iBGP. Make RR a route reflector for both, and find the two attributes it adds, ORIGINATOR_ID and CLUSTER_LIST (RFC 4456), in R2's BMP reports.",
  topology: 'default.yaml',
  start: huawei,
  routers: [
    { sysname: 'RR', address: '10.0.0.3', start: rr() },
    { sysname: 'R2', address: '10.0.0.2', start: r2 },
  ],
  steps: [
    {
      text: "Open a console on RR. In `bgp 100`, make both iBGP peers clients: `peer 10.0.0.1 reflect-client` and `peer 10.0.0.2 reflect-client`; commit. Only RR is configured: a client does not know it is one. R2's Adj-RIB-In from 10.0.0.3 (RR), reported to the station, now holds 203.0.113.0/24.",
      hints: [
        '`display bgp routing-table` on R2 lists no 203.0.113.0/24 before the change, and one learned from 10.0.0.3 after it.',
        'Huawei accepts `peer … reflect-client` in the BGP view and in `ipv4-family unicast`; `display current-configuration` shows where it went.',
      ],
      checkpoint: huawei,
      routerCheckpoints: { RR: reflecting, R2: r2 },
    },
    {
      text: "In the station view, open 203.0.113.0/24 in R2's Adj-RIB-In post-policy of peer 10.0.0.3. ORIGINATOR_ID is 1.1.1.1: the router ID of HUAWEI, the client the route came from. CLUSTER_LIST is 3.3.3.3: RR's cluster ID, which is its router ID unless `reflector cluster-id` sets another. A router drops a route whose ORIGINATOR_ID is its own router ID, and a reflector drops one whose CLUSTER_LIST holds its cluster ID: that is how reflection avoids loops.",
      hints: [
        "Both attributes are in the station's detail view of the Route Monitoring message, among the UPDATE's path attributes (types 9 and 10).",
        'A route HUAWEI sent to R2 directly would carry neither: only a reflector adds them.',
      ],
      checkpoint: huawei,
      routerCheckpoints: { RR: reflecting, R2: r2 },
    },
  ],
  checks: [
    {
      id: 'client-huawei',
      step: 0,
      label: 'RR: 10.0.0.1 (HUAWEI) is a reflector client',
      spec: { kind: 'config', router: 'RR', regex: '^peer 10\\.0\\.0\\.1 reflect-client$', says: '`peer 10.0.0.1 reflect-client`' },
      hint: "On RR's console, in `bgp 100`: `peer 10.0.0.1 reflect-client`, then `commit`.",
    },
    {
      id: 'client-r2',
      step: 0,
      label: 'RR: 10.0.0.2 (R2) is a reflector client',
      spec: { kind: 'config', router: 'RR', regex: '^peer 10\\.0\\.0\\.2 reflect-client$', says: '`peer 10.0.0.2 reflect-client`' },
    },
    { id: 'peer-rr', step: 0, label: 'R2: BGP peer 10.0.0.3 (RR) is Established', spec: { kind: 'bgp-peer', address: '10.0.0.3', state: 'established', router: 'R2' } },
    {
      id: 'reflected',
      step: 0,
      label: "Station: R2's Adj-RIB-In from 10.0.0.3 holds 203.0.113.0/24",
      spec: { kind: 'station-route', prefix: '203.0.113.0/24', view: 'adj-rib-in post-policy', peer: '10.0.0.3', station: '10.1.1.1:1790', sysName: 'R2', present: true },
      hint: 'RR passes on an iBGP route only to and from its clients: `peer … reflect-client` on RR.',
    },
    {
      id: 'reflection-attributes',
      step: 1,
      label: "Station: R2's copy carries ORIGINATOR_ID 1.1.1.1 and CLUSTER_LIST 3.3.3.3",
      spec: {
        kind: 'station-route',
        prefix: '203.0.113.0/24',
        view: 'adj-rib-in post-policy',
        peer: '10.0.0.3',
        station: '10.1.1.1:1790',
        sysName: 'R2',
        present: true,
        originatorId: '1.1.1.1',
        clusterList: ['3.3.3.3'],
      },
      hint: "The reflector adds both. A `reflector cluster-id` on RR changes the CLUSTER_LIST: undo it to keep RR's router ID.",
    },
  ],
};
