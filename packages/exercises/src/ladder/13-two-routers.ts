import type { Exercise } from '../types.js';

// The lab's own router HUAWEI (10.0.0.1) has eBGP with 10.2.2.2 (AS 200); R2 (10.0.0.2) is a second router in AS 100.
// Each has a router ID of its own: an internal peer with the same BGP identifier is refused (RFC 6286 §2.2).
const huaweiBgp = ['bgp 100', 'router-id 1.1.1.1', 'peer 10.2.2.2 as-number 200'];
const r2Bgp = ['bgp 100', 'router-id 2.2.2.2'];
const session = ['bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790'];
const locRib = ['monitor public', 'route-mode ipv4-family unicast local-rib'];

const huawei = (...lines: string[]) => ['system-view', ...huaweiBgp, ...lines, 'quit', ...session];
const r2 = (...lines: string[]) => ['system-view', ...r2Bgp, ...lines, 'quit', ...session];
const ibgpHuawei = huawei('peer 10.0.0.2 as-number 100');
const ibgpR2 = r2('peer 10.0.0.1 as-number 100');

export const twoRouters: Exercise = {
  id: 'two-routers',
  title: '13. Two routers, two Loc-RIBs',
  goal: 'The lab has a second router, R2 (10.0.0.2, AS 100). Peer it with HUAWEI over iBGP, let both report their Loc-RIB to the station 10.1.1.1:1790, and compare the two copies of 203.0.113.0/24, the route HUAWEI learns from 10.2.2.2.',
  topology: 'default.yaml',
  start: [...huawei(), 'commit', 'return'],
  routers: [{ sysname: 'R2', address: '10.0.0.2', start: [...r2(), 'commit', 'return'] }],
  steps: [
    {
      text: 'On HUAWEI, add `peer 10.0.0.2 as-number 100` in `bgp 100`; on R2 (open a console on R2), add `peer 10.0.0.1 as-number 100`. Commit on both. The same AS on both sides makes it internal BGP (iBGP). `display bgp peer` shows the session Established on each router.',
      hints: [
        'Each router configures the other by its lab address: HUAWEI is 10.0.0.1, R2 is 10.0.0.2.',
        'A session needs both ends: with `peer 10.0.0.2 as-number 100` on HUAWEI alone it does not come up.',
      ],
      checkpoint: [...ibgpHuawei, 'commit', 'return'],
      routerCheckpoints: { R2: [...ibgpR2, 'commit', 'return'] },
    },
    {
      text: 'On both routers, add `monitor public` with `route-mode ipv4-family unicast local-rib` to the BMP session 10.1.1.1; commit on both. The station now has two connections, one per router: the sysName of each Initiation (HUAWEI, R2) tells them apart.',
      hints: [
        'The BMP session is configured per router: R2 has its own `bmp` view.',
        'bmp → bmp-session 10.1.1.1 → monitor public → route-mode ipv4-family unicast local-rib → commit, on each router.',
      ],
      checkpoint: [...ibgpHuawei, ...locRib, 'commit', 'return'],
      routerCheckpoints: { R2: [...ibgpR2, ...locRib, 'commit', 'return'] },
    },
    {
      text: "Open 203.0.113.0/24 in the station view, once in HUAWEI's Loc-RIB and once in R2's. HUAWEI learned it over eBGP: next hop 10.2.2.2, AS path 200, no LOCAL_PREF (that attribute never crosses an AS border). R2 learned it from HUAWEI over iBGP: HUAWEI added LOCAL_PREF 100 (its default local preference), did not prepend AS 100 (a router prepends its AS only toward eBGP peers), and kept the next hop 10.2.2.2.",
      hints: [
        '`display bgp routing-table 203.0.113.0 24` on each router shows the same differences.',
        'In a real network R2 needs a route to 10.2.2.2 for that next hop; `peer 10.0.0.2 next-hop-local` on HUAWEI makes HUAWEI itself the next hop instead.',
      ],
      checkpoint: [...ibgpHuawei, ...locRib, 'commit', 'return'],
      routerCheckpoints: { R2: [...ibgpR2, ...locRib, 'commit', 'return'] },
    },
  ],
  checks: [
    {
      id: 'peer-r2',
      step: 0,
      label: 'HUAWEI: BGP peer 10.0.0.2 (R2) is Established',
      spec: { kind: 'bgp-peer', address: '10.0.0.2', state: 'established' },
      hint: 'Both AS numbers are 100: `peer 10.0.0.2 as-number 100` on HUAWEI.',
    },
    {
      id: 'peer-huawei',
      step: 0,
      label: 'R2: BGP peer 10.0.0.1 (HUAWEI) is Established',
      spec: { kind: 'bgp-peer', address: '10.0.0.1', state: 'established', router: 'R2' },
      hint: "On R2's console: `peer 10.0.0.1 as-number 100` in `bgp 100`, then `commit`.",
    },
    {
      id: 'mode-r2',
      step: 1,
      label: 'R2: route-mode local-rib configured',
      spec: {
        kind: 'config',
        router: 'R2',
        regex: '^route-mode ipv4-family unicast local-rib( |$)',
        parent: '^monitor public$',
        says: '`route-mode ipv4-family unicast local-rib` under `monitor public`',
      },
      hint: "R2's BMP session is separate from HUAWEI's: configure it on R2's console.",
    },
    {
      id: 'loc-rib-huawei',
      step: 1,
      label: "Station: HUAWEI's Loc-RIB holds 203.0.113.0/24 via AS 200",
      spec: { kind: 'station-route', prefix: '203.0.113.0/24', view: 'loc-rib', station: '10.1.1.1:1790', sysName: 'HUAWEI', present: true, asPath: { first: 200 } },
      hint: '`route-mode ipv4-family unicast local-rib` under `monitor public` on HUAWEI.',
    },
    {
      id: 'loc-rib-r2',
      step: 1,
      label: "Station: R2's Loc-RIB holds 203.0.113.0/24",
      spec: { kind: 'station-route', prefix: '203.0.113.0/24', view: 'loc-rib', station: '10.1.1.1:1790', sysName: 'R2', present: true },
      hint: 'R2 has the route only once its iBGP session with HUAWEI is Established.',
    },
    {
      id: 'r2-attributes',
      step: 2,
      label: "Station: R2's copy carries LOCAL_PREF 100 and the AS path 200 unchanged",
      spec: { kind: 'station-route', prefix: '203.0.113.0/24', view: 'loc-rib', station: '10.1.1.1:1790', sysName: 'R2', present: true, localPref: 100, asPath: { exact: [200] } },
      hint: 'An import route-policy on R2 that changes the local preference or the AS path changes this copy too.',
    },
  ],
};
