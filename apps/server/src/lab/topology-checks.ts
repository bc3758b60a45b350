import { formatIpv6, ipv6ToBytes, isIpv6, numberToIpv4 } from '@bmp-lab/codec';
import { DEFAULT_ROUTER_ADDRESS } from './lab-network.js';
import { ipv4ToInt, printable } from './topology-fields.js';
import { labRouters } from './topology-model.js';
import type { Topology } from './topology-model.js';
import type { RawTopology } from './topology-schema.js';

// What a topology's schema cannot say of one field alone: checks across its parts.

/**
 * `router:` (one router) or `routers:` (a list), not both, not neither; in a
 * list, sysnames and addresses are each the router's own.
 */
export function routerChoiceProblems(raw: RawTopology): { path: string; message: string; at: (string | number)[] }[] {
  if (raw.router && raw.routers) return [{ path: 'routers', message: 'give router: (one router) or routers: (a list), not both', at: ['routers'] }];
  if (!raw.router && !raw.routers) return [{ path: 'router', message: 'missing (expected object, or routers: a list of routers)', at: [] }];
  const problems: { path: string; message: string; at: (string | number)[] }[] = [];
  const names = new Map<string, number>();
  const addresses = new Map<number, number>();
  (raw.routers ?? []).forEach((r, i) => {
    const sameName = names.get(r.sysname);
    if (sameName !== undefined)
      problems.push({ path: `routers[${i}].sysname`, message: `${printable(r.sysname)} is already the sysname of routers[${sameName}]`, at: ['routers', i, 'sysname'] });
    else names.set(r.sysname, i);
    const n = ipv4ToInt(r.address)!;
    const sameAddress = addresses.get(n);
    if (sameAddress !== undefined)
      problems.push({ path: `routers[${i}].address`, message: `${r.address} is already the address of routers[${sameAddress}]`, at: ['routers', i, 'address'] });
    else addresses.set(n, i);
  });
  return problems;
}

/** Script steps whose neighbor is not in the topology, or whose prefix is not of that neighbor's family. */
export function scriptProblems(t: Topology): { path: string; message: string; at: (string | number)[] }[] {
  const problems: { path: string; message: string; at: (string | number)[] }[] = [];
  (t.script ?? []).forEach((step, i) => {
    const n = t.neighbors.find((x) => x.address === step.neighbor);
    if (!n) {
      const known = t.neighbors.map((x) => x.address).join(', ');
      problems.push({
        path: `script[${i}].neighbor`,
        at: ['script', i, 'neighbor'],
        message: `${step.neighbor} is not a neighbor of this topology (${known === '' ? 'it has none' : `neighbors: ${known}`})`,
      });
      return;
    }
    const prefix = 'announce' in step ? step.announce.prefix : 'withdraw' in step ? step.withdraw : null;
    if (prefix !== null && isIpv6(prefix.slice(0, prefix.lastIndexOf('/'))) !== isIpv6(n.address)) {
      const v6 = isIpv6(n.address);
      const at = 'announce' in step ? ['script', i, 'announce', 'prefix'] : ['script', i, 'withdraw'];
      problems.push({
        path: `script[${i}].${'announce' in step ? 'announce.prefix' : 'withdraw'}`,
        at,
        message: `${n.address} is an ${v6 ? 'IPv6' : 'IPv4'} neighbor: it announces and withdraws ${v6 ? 'IPv6' : 'IPv4'} prefixes only`,
      });
    }
  });
  return problems;
}

/**
 * Two things of the lab on one address and port, or a lab address inside
 * 127.0.0.0/8 (dialled directly). Addresses compare as numbers, each spelt
 * one way (IPv4 from its 32-bit value, IPv6 in RFC 5952 form).
 */
export function addressClashes(t: Topology): { path: string; message: string }[] {
  const seen = new Map<string, string>();
  const problems: { path: string; message: string }[] = [];
  const claim = (address: string, port: number, path: string, vpnInstance?: string) => {
    const v4 = ipv4ToInt(address);
    if (v4 !== null && v4 >>> 24 === 127) problems.push({ path, message: `${address} is in 127.0.0.0/8, which the router dials directly; give the lab an address outside it` });
    // An IPv6 address in brackets, so that `address:port` stays unambiguous.
    const host = v4 !== null ? numberToIpv4(v4) : `[${formatIpv6(ipv6ToBytes(address))}]`;
    const key = `${vpnInstance ? `${vpnInstance}/` : ''}${host}:${port}`;
    const first = seen.get(key);
    if (first) problems.push({ path, message: `${key} is already taken by ${first}` });
    else seen.set(key, path);
  };
  t.stations.forEach((s, i) => s.ports.forEach((p, j) => claim(s.address, p, `stations[${i}].ports[${j}]`, s.vpnInstance)));
  t.neighbors.forEach((n, i) => claim(n.address, 179, `neighbors[${i}].address`, n.vpnInstance));
  t.network.forEach((e, i) => claim(e.address, e.port, `network[${i}]`));
  problems.push(...routerAddressClashes(t));
  return problems;
}

/**
 * The router's lab address is its own: in 127.0.0.0/8 it would be loopback
 * again, and no station, neighbor or `network` entry may use it (a dial to it
 * would reach something that is not the router).
 */
function routerAddressClashes(t: Topology): { path: string; message: string }[] {
  const users = [
    ...t.stations.map((s, i) => ({ address: s.address, path: `stations[${i}].address` })),
    ...t.neighbors.map((n, i) => ({ address: n.address, path: `neighbors[${i}].address` })),
    ...t.network.map((e, i) => ({ address: e.address, path: `network[${i}].address` })),
  ];
  return labRouters(t).flatMap((r, i) => {
    const field = t.routers ? `routers[${i}].address` : 'router.address';
    const own = ipv4ToInt(r.address);
    if (own === null) return [];
    if (own >>> 24 === 127)
      return [{ path: field, message: `${r.address} is in 127.0.0.0/8 (loopback); give the router a lab address outside it, such as ${DEFAULT_ROUTER_ADDRESS}` }];
    return users.filter((u) => ipv4ToInt(u.address) === own).map((u) => ({ path: u.path, message: `${u.address} is the router's own address (${field}); give it another one` }));
  });
}
