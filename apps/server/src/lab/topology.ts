import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { bulkPrefixes } from '@bmp-lab/router';
import { formatIpv6, ipv6ToBytes, isIpv6 } from '@bmp-lab/codec';
import type { NeighborSpec } from '@bmp-lab/router';
import { ipv4ToInt } from '../config.js';

/** How a lab neighbor misbehaves on purpose: down for `down` seconds every `every` seconds (protocol time). */
export interface FlapSpec {
  every: number;
  down: number;
}

/** A BGP neighbor of the lab, played by the server. */
export interface NeighborTopology extends NeighborSpec {
  flap?: FlapSpec;
}

/** One entry of the address map: `address:port` of the lab reaches a real loopback endpoint. */
export interface NetworkEntry {
  address: string;
  port: number;
  to: { host: string; port: number };
}

/** A monitoring station of the lab; with `vpnInstance` it is reachable only from a session in that VPN instance. */
export interface StationTopology {
  address: string;
  ports: number[];
  vpnInstance?: string;
}

/**
 * A lab's topology (README "Public contracts"), as read from a YAML file (labs/README.md
 * documents the format; labs/default.yaml is the default lab).
 */
export interface Topology {
  router: { sysname: string };
  /** Monitoring stations the lab owns, each listening on these ports. */
  stations: StationTopology[];
  /** BGP neighbors of the router, played by the lab. */
  neighbors: NeighborTopology[];
  /** More lab addresses, each mapped to a loopback endpoint on this machine (e.g. a real collector). */
  network: NetworkEntry[];
}

/** A topology that does not validate: every problem, each naming the file, the line, the path. */
export class TopologyError extends Error {
  override name = 'TopologyError';
  constructor(
    readonly source: string,
    readonly problems: { path: string; message: string; line?: number; column?: number }[],
  ) {
    super(
      problems
        .map((p) => `${source}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.path ? `${p.path}: ` : ''}${p.message}`)
        .join('\n'),
    );
  }
}

// ---- schema ---------------------------------------------------------------

const IPV4_MESSAGE = 'not an IPv4 address in dotted decimal, such as 10.2.2.2';
const ipv4 = z.string().refine((s) => ipv4ToInt(s) !== null, IPV4_MESSAGE);
/** A neighbor's address: IPv4, or IPv6 (BGP4+). */
const ipAddress = z.string().superRefine((s, ctx) => {
  if (ipv4ToInt(s) !== null || isIpv6(s)) return;
  ctx.addIssue({ code: 'custom', message: s.includes(':') ? 'not an IPv6 address, such as 2001:db8:2::2' : IPV4_MESSAGE });
});
const port = z.number().int('a TCP port is a whole number').min(1, 'a TCP port is 1-65535').max(65535, 'a TCP port is 1-65535');
const asn = z.number().int('an AS number is a whole number').min(1, 'an AS number is 1-4294967295').max(4294967295, 'an AS number is 1-4294967295');
function isPrefix(s: string): boolean {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(s);
  if (!m) return false;
  const a = ipv4ToInt(m[1]!);
  const len = Number(m[2]);
  if (a === null || len > 32) return false;
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return ((a & ~mask) >>> 0) === 0;
}
/** An IPv6 prefix `address/length` (0-128) with its host bits zero. */
function isIpv6Prefix(s: string): boolean {
  const m = /^([0-9A-Fa-f:.]+)\/(\d{1,3})$/.exec(s);
  if (!m || !isIpv6(m[1]!)) return false;
  const len = Number(m[2]);
  if (len > 128) return false;
  const b = ipv6ToBytes(m[1]!);
  for (let bit = len; bit < 128; bit++) if (b[bit >> 3]! & (0x80 >> (bit & 7))) return false;
  return true;
}
const IPV4_PREFIX_MESSAGE = 'not an IPv4 prefix with its host bits zero, such as 203.0.113.0/24';
const prefix = z.string().refine(isPrefix, IPV4_PREFIX_MESSAGE);
/** A route's prefix: IPv4, or IPv6 for an IPv6 neighbor. */
const anyPrefix = z.string().superRefine((s, ctx) => {
  if (isPrefix(s) || isIpv6Prefix(s)) return;
  ctx.addIssue({ code: 'custom', message: s.includes(':') ? 'not an IPv6 prefix with its host bits zero, such as 2001:db8:2:1::/64' : IPV4_PREFIX_MESSAGE });
});
const community = z
  .string()
  .refine((s) => /^\d{1,5}:\d{1,5}$/.test(s) && s.split(':').every((n) => Number(n) <= 65535), 'a community is AA:NN, each 0-65535, such as 200:1');
const seconds = z.number().positive('a number of seconds above 0');

const routeAttributes = {
  'as-path': z.array(asn).optional(),
  med: z.number().int().min(0, 'MED is 0-4294967295').max(4294967295, 'MED is 0-4294967295').optional(),
  communities: z.array(community).optional(),
};

const routeSchema = z.strictObject({ prefix: anyPrefix, ...routeAttributes });

/** Most prefixes one `bulk-routes` may generate. */
export const MAX_BULK_ROUTES = 1_000_000;

const bulkRoutesSchema = z
  .strictObject({
    first: prefix,
    count: z
      .number()
      .int('count is a whole number of prefixes, 1-1000000')
      .min(1, 'count is 1-1000000')
      .max(MAX_BULK_ROUTES, 'count is 1-1000000'),
    ...routeAttributes,
  })
  .superRefine((b, ctx) => {
    if (!isPrefix(b.first) || !Number.isInteger(b.count) || b.count < 1 || b.count > MAX_BULK_ROUTES) return;
    if (bulkPrefixes(b.first, b.count)) return;
    const [address, length] = b.first.split('/') as [string, string];
    const fit = (0xffffffff - ipv4ToInt(address)!) / 2 ** (32 - Number(length)) + 1;
    ctx.addIssue({
      code: 'custom',
      path: ['count'],
      message: `${b.count} prefixes /${length} from ${b.first} run past 255.255.255.255 (at most ${Math.floor(fit)} fit)`,
    });
  });

const neighborSchema = z
  .strictObject({
    address: ipAddress,
    'router-id': ipv4.optional(),
    as: asn,
    'expect-as': asn,
    routes: z.array(routeSchema).default([]),
    'bulk-routes': bulkRoutesSchema.optional(),
    flap: z
      .strictObject({ every: seconds, down: seconds })
      .refine((f) => f.down < f.every, { message: 'down must be shorter than every', path: ['down'] })
      .optional(),
  })
  .superRefine((n, ctx) => {
    // A neighbor speaks the family of its own address: an IPv6 neighbor is a BGP4+ peer announcing IPv6 prefixes.
    if (!isIpv6(n.address)) {
      n.routes.forEach((r, i) => {
        if (isIpv6Prefix(r.prefix)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'prefix'], message: 'an IPv4 neighbor announces IPv4 prefixes; give IPv6 routes to an IPv6 neighbor' });
      });
      return;
    }
    if (n['router-id'] === undefined) {
      ctx.addIssue({ code: 'custom', path: ['router-id'], message: 'an IPv6 neighbor needs router-id, its BGP identifier (an IPv4 address such as 10.2.2.2)' });
    }
    n.routes.forEach((r, i) => {
      if (isPrefix(r.prefix)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'prefix'], message: 'an IPv6 neighbor announces IPv6 prefixes; give IPv4 routes to an IPv4 neighbor' });
    });
    if (n['bulk-routes']) ctx.addIssue({ code: 'custom', path: ['bulk-routes'], message: 'bulk-routes are IPv4 prefixes: an IPv4 neighbor only' });
  });

const stationSchema = z.strictObject({
  address: ipv4,
  ports: z.array(port).min(1, 'a station listens on at least one port'),
  'vpn-instance': z
    .string()
    .min(1, 'a VPN instance name is 1-31 characters')
    .max(31, 'a VPN instance name is 1-31 characters')
    .refine((s) => s !== '_public_', '_public_ is the public network, not a VPN instance name')
    .optional(),
});

const networkSchema = z.strictObject({
  address: ipv4,
  port,
  to: z.string().refine((s) => {
    const i = s.lastIndexOf(':');
    const host = s.slice(0, i);
    const p = Number(s.slice(i + 1));
    return i > 0 && ipv4ToInt(host) !== null && host.startsWith('127.') && Number.isInteger(p) && p >= 1 && p <= 65535;
  }, 'must be a loopback endpoint HOST:PORT in 127.0.0.0/8, such as 127.0.0.1:1790 (the lab never reaches beyond this machine)'),
});

const topologySchema = z.strictObject({
  router: z.strictObject({
    sysname: z.string().min(1, 'sysname is 1-246 characters').max(246, 'sysname is 1-246 characters').default('HUAWEI'),
  }),
  stations: z.array(stationSchema).default([]),
  neighbors: z.array(neighborSchema).default([]),
  network: z.array(networkSchema).default([]),
});

type RawTopology = z.infer<typeof topologySchema>;

// ---- parsing --------------------------------------------------------------

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
      doc.errors.map((e) => ({ path: '', message: `YAML: ${e.message.split('\n')[0]}`, ...at(e.pos[0]) })),
    );
  }
  return validateTopology(doc.toJS(), source, (path) => {
    // The deepest node that exists on the path, for a line number.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return at(node.range[0]);
    }
    return {};
  });
}

/** Validate a topology given as data (e.g. JSON in a REST body). */
export function validateTopology(
  data: unknown,
  source: string,
  locate: (path: (string | number)[]) => { line?: number; column?: number } = () => ({}),
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
  const topology = fromRaw(parsed.data);
  const clashes = addressClashes(topology);
  if (clashes.length > 0) throw new TopologyError(source, clashes);
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
  if (i.code === 'unrecognized_keys') return `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
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
  return `${typeof v} ${JSON.stringify(v)}`;
}

function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function fromRaw(raw: RawTopology): Topology {
  return {
    router: { sysname: raw.router.sysname },
    stations: raw.stations.map((s) => ({ address: s.address, ports: [...s.ports], ...(s['vpn-instance'] ? { vpnInstance: s['vpn-instance'] } : {}) })),
    neighbors: raw.neighbors.map((n) => ({
      address: labAddress(n.address),
      ...(n['router-id'] ? { routerId: n['router-id'] } : {}),
      asn: n.as,
      expectAs: n['expect-as'],
      routes: n.routes.map((r) => ({
        prefix: labPrefix(r.prefix),
        ...(r['as-path'] ? { asPath: r['as-path'] } : {}),
        ...(r.med !== undefined ? { med: r.med } : {}),
        ...(r.communities ? { communities: r.communities } : {}),
      })),
      ...(n['bulk-routes'] ? { bulkRoutes: bulkFromRaw(n['bulk-routes']) } : {}),
      ...(n.flap ? { flap: { every: n.flap.every, down: n.flap.down } } : {}),
    })),
    network: raw.network.map((e) => {
      const i = e.to.lastIndexOf(':');
      return { address: e.address, port: e.port, to: { host: e.to.slice(0, i), port: Number(e.to.slice(i + 1)) } };
    }),
  };
}

/** IPv6 in RFC 5952 form (compressed, lower case), so the file's spelling does not matter; IPv4 as written. */
function labAddress(address: string): string {
  return isIpv6(address) ? formatIpv6(ipv6ToBytes(address)) : address;
}

function labPrefix(prefix: string): string {
  const i = prefix.lastIndexOf('/');
  return `${labAddress(prefix.slice(0, i))}/${prefix.slice(i + 1)}`;
}

/** Kept compact: the neighbor generates the prefixes as it announces them. */
function bulkFromRaw(b: NonNullable<RawTopology['neighbors'][number]['bulk-routes']>): NonNullable<NeighborTopology['bulkRoutes']> {
  return {
    first: b.first,
    count: b.count,
    ...(b['as-path'] ? { asPath: b['as-path'] } : {}),
    ...(b.med !== undefined ? { med: b.med } : {}),
    ...(b.communities ? { communities: b.communities } : {}),
  };
}

/** Two things of the lab on one address and port, or a lab address inside 127.0.0.0/8 (dialled directly). */
function addressClashes(t: Topology): { path: string; message: string }[] {
  const seen = new Map<string, string>();
  const problems: { path: string; message: string }[] = [];
  const claim = (address: string, port: number, path: string, vpnInstance?: string) => {
    if (address.startsWith('127.')) problems.push({ path, message: `${address} is in 127.0.0.0/8, which the router dials directly; give the lab an address outside it` });
    // An IPv6 address in brackets, so that `address:port` stays unambiguous.
    const key = `${vpnInstance ? `${vpnInstance}/` : ''}${address.includes(':') ? `[${address}]` : address}:${port}`;
    const first = seen.get(key);
    if (first) problems.push({ path, message: `${key} is already taken by ${first}` });
    else seen.set(key, path);
  };
  t.stations.forEach((s, i) => s.ports.forEach((p, j) => claim(s.address, p, `stations[${i}].ports[${j}]`, s.vpnInstance)));
  t.neighbors.forEach((n, i) => claim(n.address, 179, `neighbors[${i}].address`));
  t.network.forEach((e, i) => claim(e.address, e.port, `network[${i}]`));
  return problems;
}

/** Back to the file's form (kebab-case keys), e.g. to store or show a lab's topology. */
export function topologyToData(t: Topology): object {
  return {
    router: { sysname: t.router.sysname },
    stations: t.stations.map((s) => ({ address: s.address, ports: s.ports, ...(s.vpnInstance ? { 'vpn-instance': s.vpnInstance } : {}) })),
    neighbors: t.neighbors.map((n) => ({
      address: n.address,
      ...(n.routerId ? { 'router-id': n.routerId } : {}),
      as: n.asn,
      'expect-as': n.expectAs,
      routes: n.routes.map((r) => ({
        prefix: r.prefix,
        ...(r.asPath ? { 'as-path': r.asPath } : {}),
        ...(r.med !== undefined ? { med: r.med } : {}),
        ...(r.communities ? { communities: r.communities } : {}),
      })),
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
      ...(n.flap ? { flap: n.flap } : {}),
    })),
    network: t.network.map((e) => ({ address: e.address, port: e.port, to: `${e.to.host}:${e.to.port}` })),
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
