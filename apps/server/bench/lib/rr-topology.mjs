// The lab topology of the multi-router bench: one iBGP network in AS 100
// built around a redundant route-reflector pair, the usual way to scale
// iBGP (RFC 4456, "Redundant RRs"): RR1 and RR2 share one cluster ID and are
// each other's non-client iBGP peer; every client peers with both. One
// client, the edge, also has the lab's eBGP neighbor 10.2.2.2 (AS 200) and sets
// itself as next hop toward the reflectors. Every router reports its Loc-RIB
// (`route-mode ipv4-family unicast local-rib`) to the station 10.1.1.1:1790.
//
// Fewer routers keep the same roles: 2 is one reflector and the edge, 1 is the
// edge alone (the bench's one-router anchor).

export const STATION = { address: '10.1.1.1', port: 1790 };
export const EDGE_NEIGHBOR = { address: '10.2.2.2', as: 200 };
export const LOCAL_AS = 100;
/** Shared by both reflectors, so a route reflected by one is dropped by the other (CLUSTER_LIST loop check). */
const CLUSTER_ID = '10.0.0.100';

const BMP_LOC_RIB = ['bmp', `bmp-session ${STATION.address}`, `tcp connect port ${STATION.port}`, 'monitor public', 'route-mode ipv4-family unicast local-rib', 'quit', 'quit'];

/**
 * The routers of a lab of `count` (1-32): reflectors first (RR1 10.0.0.1,
 * RR2 10.0.0.2), then clients C1 (the edge) … at 10.0.1.N.
 * @param {number} count
 * @returns {{ sysname: string, address: string, role: 'reflector' | 'client', edge: boolean }[]}
 */
export function rrRouters(count) {
  if (!Number.isInteger(count) || count < 1 || count > 32) throw new Error(`routers: ${count} is not 1-32 (a lab has at most 32 routers)`);
  const reflectors = count >= 3 ? 2 : count - 1;
  const list = [];
  for (let i = 1; i <= reflectors; i++) list.push({ sysname: `RR${i}`, address: `10.0.0.${i}`, role: 'reflector', edge: false });
  for (let i = 1; i <= count - reflectors; i++) list.push({ sysname: `C${i}`, address: `10.0.1.${i}`, role: 'client', edge: i === 1 });
  return list;
}

/** The `config:` lines of one router of `routers`. */
function configLines(router, routers) {
  const others = routers.filter((r) => r !== router);
  const reflectors = routers.filter((r) => r.role === 'reflector');
  const lines = ['system-view', `bgp ${LOCAL_AS}`, `router-id ${router.address}`];
  if (router.role === 'reflector') {
    if (reflectors.length > 1) lines.push(`reflector cluster-id ${CLUSTER_ID}`);
    for (const o of others) {
      lines.push(`peer ${o.address} as-number ${LOCAL_AS}`);
      if (o.role === 'client') lines.push(`peer ${o.address} reflect-client`);
    }
  } else {
    for (const rr of reflectors) lines.push(`peer ${rr.address} as-number ${LOCAL_AS}`);
    if (router.edge) {
      lines.push(`peer ${EDGE_NEIGHBOR.address} as-number ${EDGE_NEIGHBOR.as}`);
      // The other clients reach the edge neighbor's routes through the edge router.
      for (const rr of reflectors) lines.push(`peer ${rr.address} next-hop-local`);
    }
  }
  lines.push('quit', ...BMP_LOC_RIB, 'commit', 'return');
  return lines;
}

/**
 * The topology YAML of a lab of `count` routers.
 * @param {number} count
 */
export function rrTopology(count) {
  const routers = rrRouters(count);
  const out = ['routers:'];
  for (const r of routers) {
    out.push(`  - sysname: ${r.sysname}`, `    address: ${r.address}`, '    config:');
    for (const l of configLines(r, routers)) out.push(`      - ${JSON.stringify(l)}`);
  }
  out.push('stations:', `  - { address: ${STATION.address}, ports: [${STATION.port}] }`);
  out.push('neighbors:', `  - { address: ${EDGE_NEIGHBOR.address}, as: ${EDGE_NEIGHBOR.as}, expect-as: ${LOCAL_AS} }`);
  return out.join('\n') + '\n';
}

/**
 * The BGP sessions this topology should bring up: every client to each
 * reflector, the reflectors to each other, and the edge's eBGP session.
 * @param {number} count
 */
export function expectedSessions(count) {
  const routers = rrRouters(count);
  const rr = routers.filter((r) => r.role === 'reflector').length;
  const clients = routers.length - rr;
  return clients * rr + (rr * (rr - 1)) / 2 + 1;
}
