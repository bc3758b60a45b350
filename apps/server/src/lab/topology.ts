import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { CONTROL_CHARS, bulkPrefixes, checkVpnRoute } from '@bmp-lab/router';
import { formatIpv6, ipv4ToNumber, ipv4ToNumberAllowingLeadingZeros, ipv6ToBytes, isIpv6, numberToIpv4 } from '@bmp-lab/codec';
import type { NeighborRoute, NeighborSpec } from '@bmp-lab/router';
import { budgetProblems, currentTopologyLimits } from './budgets.js';
import type { BudgetLimits } from './budgets.js';
import { DEFAULT_ROUTER_ADDRESS } from './lab-network.js';

/** How a lab neighbor misbehaves on purpose: down for `down` seconds every `every` seconds (protocol time). */
export interface FlapSpec {
  every: number;
  down: number;
}

/** A BGP neighbor of the lab, played by the server. */
export interface NeighborTopology extends NeighborSpec {
  flap?: FlapSpec;
  /** The VPN instance it sits in (a CE): reachable only from the router's BGP in that instance (`ipv4-family vpn-instance`). */
  vpnInstance?: string;
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
 * One VRP router of the lab (topology `routers:`): its sysname, its lab
 * address (where other routers reach its BGP, and its own end of every lab
 * connection), and the lines typed on a console of it when the lab is first
 * created (from user view; they end with `commit`).
 */
export interface RouterTopology {
  sysname: string;
  address: string;
  config?: string[];
}

/** Routers one lab may have (topology `routers:`). */
export const MAX_LAB_ROUTERS = 32;
/** Lines one router's `config:` may have, and characters per line. */
export const MAX_CONFIG_LINES = 2000;
export const MAX_CONFIG_LINE_CHARS = 510;

/**
 * A lab's topology (README "Public contracts"), as read from a YAML file (labs/README.md
 * documents the format; labs/default.yaml is the default lab).
 */
export interface Topology {
  /** `address`: the router's IPv4 address inside the lab (default 10.0.0.1), its own end of every lab connection. */
  router: { sysname: string; address?: string };
  /**
   * Every router of the lab, the first being `router` (a file's `router:` is
   * a list of one). Absent from topologies stored before labs had several
   * routers: read it through `labRouters`.
   */
  routers?: RouterTopology[];
  /** Monitoring stations the lab owns, each listening on these ports. */
  stations: StationTopology[];
  /** BGP neighbors of the router, played by the lab. */
  neighbors: NeighborTopology[];
  /** More lab addresses, each mapped to a loopback endpoint on this machine (e.g. a real collector). */
  network: NetworkEntry[];
  /** Changes the neighbors make over time (lab-script.ts runs them); absent: none. */
  script?: ScriptStep[];
}

/** One scripted change: `at` protocol seconds after the lab starts, the neighbor `neighbor` does one thing. */
export type ScriptStep = { at: number; neighbor: string } & ({ announce: NeighborRoute } | { withdraw: string } | { down: true } | { up: true });

/** A topology that does not validate: every problem, each naming the file, the line, the path. */
export class TopologyError extends Error {
  override name = 'TopologyError';
  constructor(
    readonly source: string,
    readonly problems: { path: string; message: string; line?: number; column?: number }[],
  ) {
    super(problems.map((p) => `${source}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n'));
  }
}

// ---- schema ---------------------------------------------------------------

/**
 * IPv4 in dotted decimal as the codec reads it: a leading zero (`010.1.1.1`)
 * is refused, not normalised, since other tools read it as octal and the
 * file would then mean different addresses to different readers.
 */
function ipv4ToInt(text: string): number | null {
  return ipv4ToNumber(text) ?? null;
}

const IPV4_MESSAGE = 'not an IPv4 address in dotted decimal, such as 10.2.2.2';
/** The IPv4 message for `s`; a leading zero gets its own, naming the plain spelling. */
function ipv4Message(s: string): string {
  const lenient = ipv4ToNumberAllowingLeadingZeros(s);
  if (lenient === undefined) return IPV4_MESSAGE;
  return `${s} has a leading zero in an octet, which some tools read as octal; write it ${numberToIpv4(lenient)}`;
}
const ipv4 = z.string().superRefine((s, ctx) => {
  if (ipv4ToInt(s) === null) ctx.addIssue({ code: 'custom', message: ipv4Message(s) });
});
/** A neighbor's address: IPv4, or IPv6 (BGP4+). */
const ipAddress = z.string().superRefine((s, ctx) => {
  if (ipv4ToInt(s) !== null || isIpv6(s)) return;
  ctx.addIssue({ code: 'custom', message: s.includes(':') ? 'not an IPv6 address, such as 2001:db8:2::2' : ipv4Message(s) });
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
  return (a & ~mask) >>> 0 === 0;
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
const community = z.string().refine((s) => /^\d{1,5}:\d{1,5}$/.test(s) && s.split(':').every((n) => Number(n) <= 65535), 'a community is AA:NN, each 0-65535, such as 200:1');
/**
 * Shortest flap phase, in protocol seconds (like every flap field): below it
 * the neighbor's timer would spin (a flap of microseconds keeps a core busy)
 * while the router, retrying only every ConnectRetry (32 s), could not even
 * follow. BMPLAB_TIME_SCALE still speeds the whole flap up.
 */
export const MIN_FLAP_SECONDS = 1;
const seconds = z.number().positive('a number of seconds above 0');

/**
 * Characters a name must not hold: the CLI's set (C0 and C1 controls and DEL,
 * which would act on the terminals that show the name, and the Unicode bidi
 * controls, which reorder what a terminal shows).
 */
const UNSAFE_NAME = CONTROL_CHARS;

/** A string shown in terminals (a name): no controls, no bidi overrides. */
function safeText(schema: z.ZodString) {
  return schema.superRefine((s, ctx) => {
    const bad = UNSAFE_NAME.exec(s);
    if (bad) {
      const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      ctx.addIssue({
        code: 'custom',
        message: `contains the control character U+${code} at position ${bad.index + 1}; names are printable text only (no control or bidi characters)`,
      });
    }
  });
}

const routeAttributes = {
  'as-path': z.array(asn).optional(),
  med: z.number().int().min(0, 'MED is 0-4294967295').max(4294967295, 'MED is 0-4294967295').optional(),
  communities: z.array(community).optional(),
};

/** A route a neighbor announces, as a file (or a REST body) writes it: the one definition of a route. */
export const routeSchema = z.strictObject({ prefix: anyPrefix, ...routeAttributes });

/** A route of `routeSchema` as the neighbor keeps it (an IPv6 prefix in RFC 5952 form). */
export function routeFromData(r: z.infer<typeof routeSchema>): NeighborRoute {
  return {
    prefix: labPrefix(r.prefix),
    ...(r['as-path'] ? { asPath: r['as-path'] } : {}),
    ...(r.med !== undefined ? { med: r.med } : {}),
    ...(r.communities ? { communities: r.communities } : {}),
  };
}

/** A neighbor's route back in the file's form (kebab-case keys). */
export function routeToData(r: NeighborRoute): z.infer<typeof routeSchema> {
  return {
    prefix: r.prefix,
    ...(r.asPath ? { 'as-path': r.asPath } : {}),
    ...(r.med !== undefined ? { med: r.med } : {}),
    ...(r.communities ? { communities: r.communities } : {}),
  };
}

/** Most steps a topology's `script:` may have, and the latest `at` (a week of protocol seconds). */
export const MAX_SCRIPT_STEPS = 1000;
export const MAX_SCRIPT_SECONDS = 7 * 24 * 3600;

const SCRIPT_ACTIONS = ['announce', 'withdraw', 'down', 'up'] as const;
const scriptStepSchema = z
  .strictObject({
    at: z.number().min(0, 'at is the protocol seconds after the lab starts, 0 or more').max(MAX_SCRIPT_SECONDS, `at is at most ${MAX_SCRIPT_SECONDS} seconds (a week)`),
    neighbor: ipAddress,
    announce: routeSchema.optional(),
    withdraw: anyPrefix.optional(),
    down: z.literal(true, 'down: true brings the neighbor down (to bring it up, write up: true)').optional(),
    up: z.literal(true, 'up: true brings the neighbor up again (to bring it down, write down: true)').optional(),
  })
  .superRefine((step, ctx) => {
    const given = SCRIPT_ACTIONS.filter((a) => step[a] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `a step does exactly one of announce, withdraw, down or up (this one ${given.length === 0 ? 'does none' : `has ${given.join(' and ')}`})`,
      });
    }
  });

/** Script steps whose neighbor is not in the topology, or whose prefix is not of that neighbor's family. */
function scriptProblems(t: Topology): { path: string; message: string; at: (string | number)[] }[] {
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

function scriptStepFromRaw(raw: z.infer<typeof scriptStepSchema>): ScriptStep {
  const step = { at: raw.at, neighbor: labAddress(raw.neighbor) };
  if (raw.announce) return { ...step, announce: routeFromData(raw.announce) };
  if (raw.withdraw !== undefined) return { ...step, withdraw: labPrefix(raw.withdraw) };
  return raw.down ? { ...step, down: true } : { ...step, up: true };
}

function scriptStepToData(step: ScriptStep): object {
  const head = { at: step.at, neighbor: step.neighbor };
  if ('announce' in step) return { ...head, announce: routeToData(step.announce) };
  if ('withdraw' in step) return { ...head, withdraw: step.withdraw };
  return 'down' in step ? { ...head, down: true } : { ...head, up: true };
}

/** Most prefixes one `bulk-routes` may generate. */
export const MAX_BULK_ROUTES = 1_000_000;

const bulkRoutesSchema = z
  .strictObject({
    first: prefix,
    count: z.number().int('count is a whole number of prefixes, 1-1000000').min(1, 'count is 1-1000000').max(MAX_BULK_ROUTES, 'count is 1-1000000'),
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

/**
 * A VPN route a neighbor announces as a PE (VPNv4, or VPNv6 for an IPv6
 * prefix): `{ rd: "200:1", prefix: 10.20.1.0/24, label: 1024, route-targets: ["100:1"] }`,
 * with `as-path` and `med` as for `routes`. Checked by the router's own rules (checkVpnRoute).
 */
const vpnRouteSchema = z
  .strictObject({
    rd: z.string(),
    prefix: z.string(),
    label: z.number(),
    'route-targets': z.array(z.string()),
    'as-path': routeAttributes['as-path'],
    med: routeAttributes.med,
  })
  .superRefine((r, ctx) => {
    const checked = checkVpnRoute({ rd: r.rd, prefix: r.prefix, label: r.label, routeTargets: r['route-targets'] });
    if (typeof checked === 'string') ctx.addIssue({ code: 'custom', message: checked });
  });

function vpnRouteFromRaw(r: z.infer<typeof vpnRouteSchema>): NonNullable<NeighborTopology['vpnRoutes']>[number] {
  return {
    rd: r.rd,
    prefix: r.prefix,
    label: r.label,
    routeTargets: [...r['route-targets']],
    ...(r['as-path'] ? { asPath: [...r['as-path']] } : {}),
    ...(r.med !== undefined ? { med: r.med } : {}),
  };
}

/** A VPN instance name, as `ip vpn-instance` takes it (1-31 characters, never `_public_`). */
const vpnInstanceName = safeText(z.string().min(1, 'a VPN instance name is 1-31 characters').max(31, 'a VPN instance name is 1-31 characters')).refine(
  (s) => s !== '_public_',
  '_public_ is the public network, not a VPN instance name',
);

const neighborSchema = z
  .strictObject({
    address: ipAddress,
    'vpn-instance': vpnInstanceName.optional(),
    'router-id': ipv4.optional(),
    as: asn,
    'expect-as': asn,
    routes: z.array(routeSchema).default([]),
    'bulk-routes': bulkRoutesSchema.optional(),
    'vpn-routes': z.array(vpnRouteSchema).optional(),
    flap: z
      .strictObject({ every: seconds, down: seconds })
      .superRefine((f, ctx) => {
        if (f.down >= f.every) ctx.addIssue({ code: 'custom', message: 'down must be shorter than every', path: ['down'] });
        else if (f.down < MIN_FLAP_SECONDS) ctx.addIssue({ code: 'custom', message: `down is at least ${MIN_FLAP_SECONDS} s`, path: ['down'] });
        else if (f.every - f.down < MIN_FLAP_SECONDS) {
          ctx.addIssue({ code: 'custom', message: `every is at least ${MIN_FLAP_SECONDS} s longer than down (the neighbor stays up that long)`, path: ['every'] });
        }
      })
      .optional(),
  })
  .superRefine((n, ctx) => {
    // A neighbor speaks the family of its own address: an IPv6 neighbor is a BGP4+ peer announcing IPv6 prefixes.
    if (!isIpv6(n.address)) {
      n.routes.forEach((r, i) => {
        if (isIpv6Prefix(r.prefix))
          ctx.addIssue({ code: 'custom', path: ['routes', i, 'prefix'], message: 'an IPv4 neighbor announces IPv4 prefixes; give IPv6 routes to an IPv6 neighbor' });
      });
      return;
    }
    if (n['router-id'] === undefined) {
      ctx.addIssue({ code: 'custom', path: ['router-id'], message: 'an IPv6 neighbor needs router-id, its BGP identifier (an IPv4 address such as 10.2.2.2)' });
    }
    n.routes.forEach((r, i) => {
      if (isPrefix(r.prefix))
        ctx.addIssue({ code: 'custom', path: ['routes', i, 'prefix'], message: 'an IPv6 neighbor announces IPv6 prefixes; give IPv4 routes to an IPv4 neighbor' });
    });
    if (n['bulk-routes']) ctx.addIssue({ code: 'custom', path: ['bulk-routes'], message: 'bulk-routes are IPv4 prefixes: an IPv4 neighbor only' });
    if (n['vpn-routes']) ctx.addIssue({ code: 'custom', path: ['vpn-routes'], message: 'vpn-routes come from an IPv4 neighbor (a PE peering over IPv4 carries VPNv4 and VPNv6)' });
    // The router's VPN instances take IPv4 peers only (`ipv4-family vpn-instance`).
    if (n['vpn-instance'])
      ctx.addIssue({ code: 'custom', path: ['vpn-instance'], message: 'a neighbor in a VPN instance is an IPv4 neighbor (the router peers with it in ipv4-family vpn-instance)' });
  });

const stationSchema = z.strictObject({
  // IPv4, or IPv6: VRP's `bmp-session` takes either (Huawei page "bmp-session (BMP view)(IPv6)").
  address: ipAddress,
  ports: z.array(port).min(1, 'a station listens on at least one port'),
  'vpn-instance': vpnInstanceName.optional(),
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

const sysname = safeText(z.string().min(1, 'sysname is 1-246 characters').max(246, 'sysname is 1-246 characters'));

const labRouterSchema = z.strictObject({
  // A router of several is named on consoles, SSH users (`<lab>.<sysname>`) and session keys (`SYSNAME@key`): no blanks.
  sysname: sysname.refine((s) => !/[\s@]/.test(s), 'a router of routers: is named without blanks or "@" (it names consoles, SSH users and session keys)'),
  address: ipv4,
  config: z
    .array(safeText(z.string().max(MAX_CONFIG_LINE_CHARS, `a config line is at most ${MAX_CONFIG_LINE_CHARS} characters`)))
    .max(MAX_CONFIG_LINES, `config is at most ${MAX_CONFIG_LINES} lines`)
    .optional(),
});

const topologySchema = z.strictObject({
  router: z
    .strictObject({
      sysname: sysname.default('HUAWEI'),
      address: ipv4.default(DEFAULT_ROUTER_ADDRESS),
    })
    .optional(),
  routers: z.array(labRouterSchema).min(1, 'routers lists at least one router').max(MAX_LAB_ROUTERS, `a lab has at most ${MAX_LAB_ROUTERS} routers`).optional(),
  stations: z.array(stationSchema).default([]),
  neighbors: z.array(neighborSchema).default([]),
  network: z.array(networkSchema).default([]),
  script: z.array(scriptStepSchema).max(MAX_SCRIPT_STEPS, `a script has at most ${MAX_SCRIPT_STEPS} steps`).default([]),
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

/** Text from the file, safe to echo in an error (which may reach a terminal): unsafe characters as \u{…}. */
function printable(text: string): string {
  return text.replace(new RegExp(UNSAFE_NAME.source, 'g'), (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

function formatPath(path: (string | number)[]): string {
  return printable(path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join(''));
}

/**
 * `router:` (one router) or `routers:` (a list), not both, not neither; in a
 * list, sysnames and addresses are each the router's own.
 */
function routerChoiceProblems(raw: RawTopology): { path: string; message: string; at: (string | number)[] }[] {
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

/** Every router of a topology, the first being the lab's router (a stored topology from before `routers:` has one). */
export function labRouters(t: Topology): RouterTopology[] {
  return t.routers ?? [{ sysname: t.router.sysname, address: t.router.address ?? DEFAULT_ROUTER_ADDRESS }];
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

/**
 * Two things of the lab on one address and port, or a lab address inside
 * 127.0.0.0/8 (dialled directly). Addresses compare as numbers, each spelt
 * one way (IPv4 from its 32-bit value, IPv6 in RFC 5952 form).
 */
function addressClashes(t: Topology): { path: string; message: string }[] {
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
