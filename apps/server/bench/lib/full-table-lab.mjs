// The lab of the benches where one neighbor sends a full table: the router
// HUAWEI, the station 10.1.1.1:1790, and the neighbor 10.2.2.2 (AS 200)
// announcing `prefixes` consecutive /24s from 16.0.0.0/24 (bulk-routes, AS
// path 200 64510), no routes of its own besides.

export const NEIGHBOR = '10.2.2.2';

/** The topology YAML (POST /api/labs). */
export function fullTableTopology(prefixes) {
  return `
router: { sysname: HUAWEI }
stations:
  - { address: 10.1.1.1, ports: [1790] }
neighbors:
  - address: ${NEIGHBOR}
    as: 200
    expect-as: 100
    routes: []
    bulk-routes: { first: 16.0.0.0/24, count: ${prefixes}, as-path: [64510] }
network: []
`;
}

/** Routes the lab's station holds for the neighbor's Adj-RIB-In post-policy (read over REST), or -1. */
export async function stationHeld(serverUrl, labId) {
  const routers = await (await fetch(`${serverUrl}/api/labs/${labId}/station/routers`)).json();
  for (const r of routers) for (const v of r.routes ?? []) if (v.peer === NEIGHBOR && v.view === 'adj-rib-in post-policy') return v.prefixes;
  return -1;
}
