import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { budgetProblems, currentTopologyLimits } from './budgets.js';
import type { BudgetLimits } from './budgets.js';
import { DEFAULT_ROUTER_ADDRESS } from './lab-network.js';
import { TopologyError } from './topology-model.js';
import type { RouterTopology, Topology } from './topology-model.js';
import { labAddress, printable } from './topology-fields.js';
import { bulkFromRaw, routeFromData, routeToData, vpnRouteFromRaw } from './topology-routes.js';
import { scriptStepFromRaw, scriptStepToData } from './topology-script.js';
import { topologySchema } from './topology-schema.js';
import type { RawTopology } from './topology-schema.js';
import { addressClashes, routerChoiceProblems, scriptProblems } from './topology-checks.js';

// A topology's parts live beside this file: what it is (topology-model.ts), its schema (topology-fields.ts,
// topology-routes.ts, topology-script.ts, topology-schema.ts) and the checks across its parts (topology-checks.ts).
// This file reads, validates and writes topologies, and is where the rest of the server imports them from.
export { TopologyError, labRouters } from './topology-model.js';
export type { FlapSpec, NeighborTopology, NetworkEntry, RouterTopology, ScriptStep, StationTopology, Topology } from './topology-model.js';
export { MAX_CONFIG_LINES, MAX_CONFIG_LINE_CHARS, MAX_LAB_ROUTERS, MIN_FLAP_SECONDS } from './topology-schema.js';
export { MAX_BULK_ROUTES, routeFromData, routeSchema, routeToData } from './topology-routes.js';
export { MAX_SCRIPT_SECONDS, MAX_SCRIPT_STEPS } from './topology-script.js';

/** Parse and validate a topology given as YAML text; `source` names it in errors (a file path). */
export function parseTopology(text: string, source: string): Topology {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): { line?: number; column?: number } => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    throw new TopologyError(
      source,
      doc.errors.map((e) => ({ path: '', message: `YAML: ${printable(e.message.split('\n')[0]!)}`, ...at(e.pos[0]) })),
    );
  }
  let data: unknown;
  try {
    // Aliases expand as the document becomes data: a few lines of nested aliases ("billion laughs") would be billions of nodes.
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const tooMany = e instanceof ReferenceError && /alias/i.test(e.message);
    throw new TopologyError(source, [
      {
        path: '',
        message: tooMany
          ? `YAML: its aliases (*name) expand to too many nodes (more than ${MAX_ALIAS_COUNT} alias expansions); write the values out or use fewer aliases`
          : `YAML: ${printable(e instanceof Error ? e.message : String(e))}`,
      },
    ]);
  }
  return validateTopology(data, source, (path) => {
    // The deepest node that exists on the path, for a line number.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return at(node.range[0]);
    }
    return {};
  });
}

/** Most alias expansions a topology's YAML may make (the yaml library's own default, stated here on purpose). */
export const MAX_ALIAS_COUNT = 100;

/**
 * Validate a topology given as data (e.g. JSON in a REST body), within the
 * per-lab budgets (default: the ones the lab manager set, budgets.ts).
 */
export function validateTopology(
  data: unknown,
  source: string,
  locate: (path: (string | number)[]) => { line?: number; column?: number } = () => ({}),
  limits: Pick<BudgetLimits, 'maxRoutesPerLab' | 'maxListenersPerLab'> = currentTopologyLimits(),
): Topology {
  if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
    throw new TopologyError(source, [{ path: '', message: 'a topology is a mapping with router, stations, neighbors and network' }]);
  }
  const parsed = topologySchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    throw new TopologyError(
      source,
      parsed.error.issues.map((i) => {
        const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
        return { path: formatPath(path), message: describeIssue(i), ...locate(path) };
      }),
    );
  }
  const choice = routerChoiceProblems(parsed.data);
  if (choice.length > 0)
    throw new TopologyError(
      source,
      choice.map((p) => ({ path: p.path, message: p.message, ...locate(p.at) })),
    );
  const topology = fromRaw(parsed.data);
  const clashes = addressClashes(topology);
  if (clashes.length > 0) throw new TopologyError(source, clashes);
  const script = scriptProblems(topology);
  if (script.length > 0)
    throw new TopologyError(
      source,
      script.map((p) => ({ path: p.path, message: p.message, ...locate(p.at) })),
    );
  const overBudget = budgetProblems(topology, limits);
  if (overBudget.length > 0) throw new TopologyError(source, overBudget);
  return topology;
}

/** Read and validate a topology file. */
export function loadTopologyFile(path: string): Topology {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TopologyError(path, [{ path: '', message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})` }]);
  }
  return parseTopology(text, path);
}

function describeIssue(i: z.core.$ZodIssue): string {
  if (i.code === 'unrecognized_keys') return `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${printable(k)}"`).join(', ')}`;
  if (i.code === 'invalid_type') {
    const got = (i as { input?: unknown }).input;
    return got === undefined ? `missing (expected ${i.expected})` : `expected ${i.expected}, got ${describe(got)}`;
  }
  return i.message;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- not an object (checked above): undefined, a function or a symbol
  return `${typeof v} ${printable(JSON.stringify(v) ?? String(v))}`;
}

function formatPath(path: (string | number)[]): string {
  return printable(path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join(''));
}

function fromRaw(raw: RawTopology): Topology {
  const routers: RouterTopology[] = raw.routers
    ? raw.routers.map((r) => ({ sysname: r.sysname, address: r.address, ...(r.config ? { config: [...r.config] } : {}) }))
    : [{ sysname: raw.router!.sysname, address: raw.router!.address }];
  return {
    router: { sysname: routers[0]!.sysname, address: routers[0]!.address },
    // Only a file's `routers:` keeps the list (labRouters reads either), so a `router:` file reads back as written.
    ...(raw.routers ? { routers } : {}),
    stations: raw.stations.map((s) => ({ address: labAddress(s.address), ports: [...s.ports], ...(s['vpn-instance'] ? { vpnInstance: s['vpn-instance'] } : {}) })),
    neighbors: raw.neighbors.map((n) => ({
      address: labAddress(n.address),
      ...(n['router-id'] ? { routerId: n['router-id'] } : {}),
      asn: n.as,
      expectAs: n['expect-as'],
      routes: n.routes.map(routeFromData),
      ...(n['bulk-routes'] ? { bulkRoutes: bulkFromRaw(n['bulk-routes']) } : {}),
      ...(n['vpn-routes'] ? { vpnRoutes: n['vpn-routes'].map(vpnRouteFromRaw) } : {}),
      ...(n.flap ? { flap: { every: n.flap.every, down: n.flap.down } } : {}),
      ...(n['vpn-instance'] ? { vpnInstance: n['vpn-instance'] } : {}),
    })),
    network: raw.network.map((e) => {
      const i = e.to.lastIndexOf(':');
      return { address: e.address, port: e.port, to: { host: e.to.slice(0, i), port: Number(e.to.slice(i + 1)) } };
    }),
    ...(raw.script.length > 0 ? { script: raw.script.map(scriptStepFromRaw) } : {}),
  };
}

/** Back to the file's form (kebab-case keys), e.g. to store or show a lab's topology. */
export function topologyToData(t: Topology): object {
  return {
    ...(t.routers
      ? { routers: t.routers.map((r) => ({ sysname: r.sysname, address: r.address, ...(r.config ? { config: r.config } : {}) })) }
      : { router: { sysname: t.router.sysname, address: t.router.address ?? DEFAULT_ROUTER_ADDRESS } }),
    stations: t.stations.map((s) => ({ address: s.address, ports: s.ports, ...(s.vpnInstance ? { 'vpn-instance': s.vpnInstance } : {}) })),
    neighbors: t.neighbors.map((n) => ({
      address: n.address,
      ...(n.routerId ? { 'router-id': n.routerId } : {}),
      as: n.asn,
      'expect-as': n.expectAs,
      routes: n.routes.map(routeToData),
      ...(n.bulkRoutes
        ? {
            'bulk-routes': {
              first: n.bulkRoutes.first,
              count: n.bulkRoutes.count,
              ...(n.bulkRoutes.asPath ? { 'as-path': n.bulkRoutes.asPath } : {}),
              ...(n.bulkRoutes.med !== undefined ? { med: n.bulkRoutes.med } : {}),
              ...(n.bulkRoutes.communities ? { communities: n.bulkRoutes.communities } : {}),
            },
          }
        : {}),
      ...(n.vpnRoutes
        ? {
            'vpn-routes': n.vpnRoutes.map((r) => ({
              rd: r.rd,
              prefix: r.prefix,
              label: r.label,
              'route-targets': r.routeTargets,
              ...(r.asPath ? { 'as-path': r.asPath } : {}),
              ...(r.med !== undefined ? { med: r.med } : {}),
            })),
          }
        : {}),
      ...(n.flap ? { flap: n.flap } : {}),
      ...(n.vpnInstance ? { 'vpn-instance': n.vpnInstance } : {}),
    })),
    network: t.network.map((e) => ({ address: e.address, port: e.port, to: `${e.to.host}:${e.to.port}` })),
    ...(t.script?.length ? { script: t.script.map(scriptStepToData) } : {}),
  };
}

/** The default lab's file, beside this package's sources (src/lab → labs/, and dist/lab → labs/). */
export const DEFAULT_TOPOLOGY_FILE = fileURLToPath(new URL('../../labs/default.yaml', import.meta.url));

/**
 * The default lab: the seed's station 10.1.1.1 (1790, and 1791 for the alias
 * case), two IPv4 eBGP neighbors and two IPv6 (BGP4+) ones, all expecting the
 * router in AS 100.
 */
export const DEFAULT_TOPOLOGY: Topology = loadTopologyFile(DEFAULT_TOPOLOGY_FILE);
