import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROTOCOL_VERSION, WS_PATH } from '@bmp-lab/protocol';
import { renderConfig, transcript } from '@bmp-lab/router';
import { parseCliRequest, parseStationRoutesQuery, STATION_ROUTES_DEFAULT_LIMIT } from '@bmp-lab/protocol';
import type { LabSummary, StationRoutesPage } from '@bmp-lab/protocol';
import { PmacctExporter, formatRouteCursor, parseRouteCursor, parseRoutePrefix, writePcap } from '@bmp-lab/collector';
import { decodeBmpMessage, formatIpv6, ipv6ToBytes, isIpv4, isIpv6 } from '@bmp-lab/codec';
import type { CliLineResult } from '@bmp-lab/protocol';
import type { Lab } from '../lab/lab.js';
import { DEFAULT_LAB_ID, LabLimitError } from '../lab/lab-manager.js';
import type { LabManager } from '../lab/lab-manager.js';
import { TopologyError, parseTopology, topologyToData, validateTopology } from '../lab/topology.js';
import type { Topology } from '../lab/topology.js';
import type { WsGateway } from '../transport/ws-gateway.js';
import type { LabStore } from '../persistence/store.js';
import { staticFiles } from './static-files.js';
import { neighborRoutes } from './neighbor-routes-api.js';
import type { LabRouter } from '../lab/lab-router.js';
import type { ExerciseService } from '../exercises/exercise-service.js';
import { instructorAccess, instructorLabs, tooManyGuesses } from '../exercises/instructor.js';
import { GuessThrottle } from '../security/guess-throttle.js';
import { hostAllowed } from '../security/host-check.js';
import type { HostName } from '../security/host-check.js';
import { JSON_ONLY, WRITE_METHODS, writeAllowed } from './write-guard.js';
import { createdLabIds, createdLabsCookie } from './created-labs-cookie.js';
import { VTY_FULL, claimVtySlot } from '../console/vty-slots.js';
import { runLinesWithNotices } from '../console/run-with-notices.js';
import { TraineeNameError, checkTraineeName } from '../instructor/trainee-names.js';
import type { TraineeNames } from '../instructor/trainee-names.js';
import { log } from '../log.js';

/** Largest request body accepted (a topology). */
export const MAX_BODY_BYTES = 256 * 1024;

export interface HttpContext {
  labs: LabManager;
  gateway: WsGateway;
  store: LabStore;
  /** The default lab's topology (labs/default.yaml or --lab FILE), for labs created without one. */
  defaultTopology: Topology;
  /** The labs' exercises, for the instructor view. */
  exercises?: ExerciseService;
  /** BMPLAB_INSTRUCTOR_TOKEN; null or absent: the instructor view answers 404. */
  instructorToken?: string | null;
  /** Wrong instructor tokens per source address (429 past the limit); `createHttpServer` makes one when absent. */
  tokenGuesses?: GuessThrottle;
  /** The Host and cross-site write checks; absent: HOST 127.0.0.1, nothing else allowed. */
  guards?: HttpGuards;
  /** The labs' trainee names (POST /api/labs `name`, PUT /api/labs/<id>/name); absent: not offered. */
  names?: TraineeNames;
}

export interface HttpGuards {
  /** HOST, the address the server listens on. */
  bindHost: string;
  /** BMPLAB_ALLOWED_HOSTS. */
  allowedHosts: readonly HostName[];
  /** BMPLAB_ALLOWED_ORIGINS. */
  allowedOrigins: readonly string[];
}

interface Request {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
}

type Handler = (r: Request, ctx: HttpContext) => void | Promise<void>;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/api/labs/:id/sessions`: `:name` matches one path segment. */
  path: string;
  handler: Handler;
  /** The body types a write takes (write-guard.ts); default: JSON only. */
  accepts?: readonly string[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Answer, then close the connection instead of reading the rest of the request (a body over the limit). */
    readonly closeConnection = false,
  ) {
    super(message);
  }
}

/** The client went away before it sent its whole body: nothing to answer, one line to log. */
class ClientGone extends Error {}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function labOf(r: Request, ctx: HttpContext): Lab {
  const id = r.params['id'] ?? DEFAULT_LAB_ID;
  const lab = ctx.labs.get(id);
  if (!lab) throw new HttpError(404, `no lab "${id}"; see GET /api/labs`);
  return lab;
}

/**
 * The request body, at most MAX_BODY_BYTES. Over the limit (by its
 * content-length, or as it arrives) it stops reading and throws a 413 that
 * closes the connection, so an oversized upload is never read to its end.
 */
function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const tooLarge = () => new HttpError(413, `the body is larger than ${limit} bytes`, true);
  if (Number(req.headers['content-length']) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    const done = () => {
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      done();
      req.pause();
      reject(tooLarge());
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onGone = () => {
      done();
      reject(new ClientGone());
    };
    req.on('data', onData).once('end', onEnd).once('error', onGone).once('close', onGone);
  });
}

/** The YAML types `POST /api/labs` takes a topology file as (besides JSON). */
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * `POST /api/labs` body: nothing, `{ "topology": <YAML text or object>, "name": <trainee> }` (both optional),
 * or the YAML file itself (`content-type: application/yaml`).
 */
async function newLabOfBody(req: IncomingMessage, fallback: Topology): Promise<{ topology: Topology; name: string | null }> {
  const text = await readBody(req);
  if (text.trim() === '') return { topology: fallback, name: null };
  if (YAML_TYPES.includes(mediaType(req))) {
    try {
      return { topology: parseTopology(text, 'topology'), name: null };
    } catch (e) {
      if (e instanceof TopologyError) throw new HttpError(400, e.message);
      throw e;
    }
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body is not JSON; send {"topology": "<YAML text>"} or {"topology": {...}}, or no body for the default topology');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'the body must be a JSON object such as {"topology": ...}');
  const extra = Object.keys(body).filter((k) => k !== 'topology' && k !== 'name');
  if (extra.length > 0) throw new HttpError(400, `unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')} (only "topology" and "name")`);
  const given = (body as { name?: unknown }).name;
  const name = given === undefined ? null : traineeName(given);
  const t = (body as { topology?: unknown }).topology;
  if (t === undefined) return { topology: fallback, name };
  try {
    return { topology: typeof t === 'string' ? parseTopology(t, 'topology') : validateTopology(t, 'topology'), name };
  } catch (e) {
    if (e instanceof TopologyError) throw new HttpError(400, e.message);
    throw e;
  }
}

/** A trainee name, or 400 saying why not. */
function traineeName(value: unknown): string {
  try {
    return checkTraineeName(value);
  } catch (e) {
    if (e instanceof TraineeNameError) throw new HttpError(400, e.message);
    throw e;
  }
}

/** `PUT /api/labs/<id>/name` `{ "name": … }`: set or replace the lab's trainee name. */
async function putName(r: Request, ctx: HttpContext): Promise<void> {
  const lab = labOf(r, ctx);
  let body: unknown;
  try {
    body = JSON.parse(await readBody(r.req));
  } catch {
    throw new HttpError(400, 'the body is not JSON; send {"name": "<1 to 40 characters>"}');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('name' in body)) throw new HttpError(400, 'send {"name": "<1 to 40 characters>"}');
  const name = traineeName(body.name);
  if (!ctx.names) throw new HttpError(404, 'this server keeps no trainee names');
  ctx.names.set(lab.id, name);
  json(r.res, 200, describe(lab, ctx));
}

/** What the server says about a lab, with its trainee name. */
function describe(lab: Lab, ctx: HttpContext): LabSummary {
  return { ...ctx.labs.describe(lab), name: ctx.names?.get(lab.id) ?? null };
}

/** Every router's BMP sessions (each names its router; keys unique in the lab). */
function sessions(r: Request, ctx: HttpContext): void {
  json(r.res, 200, labOf(r, ctx).sessionViews());
}

/** The router a request names (`router`, a topology sysname), or the lab's first; 400 naming the lab's routers. */
function routerOf(lab: Lab, name: string | null | undefined): LabRouter {
  if (name === null || name === undefined) return lab.routers[0]!;
  const router = lab.router(name);
  if (!router) throw new HttpError(400, `router "${name}" is not a router of this lab; its routers: ${lab.routerNames().join(', ')}`);
  return router;
}

/** `?limit=N` newest N (default 2000, at most 10,000); `?after=SEQ` the ones after SEQ. */
function stationMessages(r: Request, ctx: HttpContext): void {
  const lab = labOf(r, ctx);
  const num = (name: string): number | undefined => {
    const v = r.url.searchParams.get(name);
    if (v === null) return undefined;
    if (!/^-?\d+$/.test(v)) throw new HttpError(400, `${name} must be an integer`);
    return Number(v);
  };
  const limit = num('limit') ?? 2000;
  const after = num('after');
  // The records alone: the raw bytes stay in the database for the detail and raw endpoints.
  json(r.res, 200, ctx.store.messageViews(lab.id, { limit, ...(after === undefined ? {} : { after }) }));
}

function stationRouters(r: Request, ctx: HttpContext): void {
  json(r.res, 200, labOf(r, ctx).station.routers());
}

/** The BMP stream one station connection received, as a pcap Wireshark decodes (`-d tcp.port==PORT,bmp`). */
function pcap(r: Request, ctx: HttpContext): void {
  const lab = labOf(r, ctx);
  const id = r.url.searchParams.get('connection') ?? '';
  const stream = lab.station.pcap(id);
  if (!stream) throw new HttpError(404, `no station connection "${id}"; see GET /api/labs/${lab.id}/station/routers`);
  const name = id.replace(/[^0-9A-Za-z.]+/g, '_');
  r.res.writeHead(200, { 'content-type': 'application/vnd.tcpdump.pcap', 'content-disposition': `attachment; filename="bmp-${name}.pcap"` });
  r.res.end(Buffer.from(writePcap(stream)));
}

/**
 * `?router=&peer=&view=&prefix=&limit=&after=`: the routes the station holds,
 * with their attributes, a page at a time (API.md). A prefix is one hash
 * lookup per view.
 */
function stationRoutes(r: Request, ctx: HttpContext): void {
  const lab = labOf(r, ctx);
  const parsed = parseStationRoutesQuery(r.url.searchParams);
  if (!parsed.ok) throw new HttpError(400, parsed.error);
  const q = parsed.value;
  let peer: string | undefined;
  if (q.peer !== undefined) {
    if (isIpv4(q.peer)) peer = q.peer;
    else if (isIpv6(q.peer)) peer = formatIpv6(ipv6ToBytes(q.peer));
    else throw new HttpError(400, `peer "${q.peer}" is not an IPv4 or IPv6 address`);
  }
  const prefix = q.prefix === undefined ? undefined : parseRoutePrefix(q.prefix);
  if (typeof prefix === 'string') throw new HttpError(400, `prefix ${prefix}`);
  const after = q.after === undefined ? null : parseRouteCursor(q.after);
  if (after === null && q.after !== undefined) throw new HttpError(400, `after "${q.after}" is not a cursor; pass the "next" of a previous page`);
  if (q.router !== undefined && !lab.station.router(q.router)) {
    throw new HttpError(404, `no station connection "${q.router}"; see GET /api/labs/${lab.id}/station/routers`);
  }
  const page = lab.station.routes({
    limit: q.limit ?? STATION_ROUTES_DEFAULT_LIMIT,
    after,
    ...(q.router === undefined ? {} : { router: q.router }),
    ...(peer === undefined ? {} : { peer }),
    ...(q.view === undefined ? {} : { view: q.view }),
    ...(prefix === undefined ? {} : { prefix }),
  });
  const body: StationRoutesPage = { routes: page.routes, next: page.next === null ? null : formatRouteCursor(page.next) };
  json(r.res, 200, body);
}

/** Messages read from the log per page while exporting. */
const EXPORT_PAGE = 500;

/**
 * `?format=pmacct`: every message the station's log keeps, oldest first, as
 * pmacct's BMP message-log JSON, one record per line, streamed page by page
 * with back-pressure (never the whole log in memory).
 */
async function stationExport(r: Request, ctx: HttpContext): Promise<void> {
  const lab = labOf(r, ctx);
  const format = r.url.searchParams.get('format');
  if (format !== 'pmacct') throw new HttpError(400, format === null ? 'format is required: format=pmacct' : `format "${format}" is not supported (only pmacct)`);
  const extra = [...r.url.searchParams.keys()].filter((k) => k !== 'format');
  if (extra.length > 0) throw new HttpError(400, `unknown query parameter "${extra[0]}" (only format)`);
  const res = r.res;
  res.writeHead(200, {
    'content-type': 'application/x-ndjson',
    'content-disposition': `attachment; filename="bmp-${lab.id.replace(/[^0-9A-Za-z.-]+/g, '_')}-pmacct.ndjson"`,
    'cache-control': 'no-store',
  });
  const exporter = new PmacctExporter();
  let closed = false;
  res.once('close', () => (closed = true));
  for (let seq = -1; !closed;) {
    const page = lab.station.log.page(seq, EXPORT_PAGE);
    if (page.length === 0) break;
    let text = '';
    for (const item of page) {
      seq = item.view.seq;
      const decoded = decodeBmpMessage(item.bytes);
      if (!decoded.ok) continue;
      for (const rec of exporter.records(item.view, decoded.value)) text += JSON.stringify(rec) + '\n';
    }
    if (text !== '' && !res.write(text)) await new Promise<void>((resolve) => (closed ? resolve() : res.once('drain', resolve).once('close', resolve)));
  }
  res.end();
}

/**
 * `POST /api/labs/<id>/cli` `{ "lines": [...] }`: the lines run in a fresh VTY
 * of the lab (as if typed, paging off; a line after a question answers it),
 * which logs out at the end. `text/plain`: the transcript with its prompts;
 * `Accept: application/json`: `[{ command, output }]`.
 */
async function cli(r: Request, ctx: HttpContext): Promise<void> {
  const lab = labOf(r, ctx);
  const text = await readBody(r.req);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body is not JSON; send {"lines": ["display version", ...]}');
  }
  const parsed = parseCliRequest(body);
  if (!parsed.ok) throw new HttpError(400, parsed.error);
  const address = (r.req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  // A VTY like any other: when every line has a user (an unwatched browser console gives its line up), refused.
  const router = routerOf(lab, parsed.value.router);
  if (!claimVtySlot(router)) throw new HttpError(503, VTY_FULL);
  const terminal = router.device.openVty({ protocol: 'API', address, user: null });
  let run;
  try {
    // A commit that could not be stored says so after its output, as on a console.
    run = runLinesWithNotices(router.consoles, terminal, parsed.value.lines);
  } finally {
    terminal.close();
  }
  if (/\bapplication\/json\b/i.test(r.req.headers.accept ?? '')) {
    const results: CliLineResult[] = run.results.map((l) => ({ command: l.command, output: l.output.join('\n') }));
    return json(r.res, 200, results);
  }
  r.res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  r.res.end(transcript(run) + '\n');
}

/**
 * `GET /api/labs`: with the instructor token every lab, the default lab first;
 * else the labs the caller created (its `bmplab_labs` cookie, set by
 * `POST /api/labs`); neither: 401. A lab id is the lab's capability, so the
 * list is not for everyone.
 */
function listLabs(r: Request, ctx: HttpContext): void {
  const access = instructorAccess(r.req, r.url, ctx);
  if (access === 'throttled') return tooManyGuesses(r.req, r.res, ctx);
  if (access === 'granted')
    return json(
      r.res,
      200,
      ctx.labs.list().map((l) => describe(l, ctx)),
    );
  if (access === 'wrong') throw new HttpError(401, 'wrong instructor token: pass the BMPLAB_INSTRUCTOR_TOKEN as ?token=…, an x-instructor-token header or authorization: Bearer …');
  const ids = createdLabIds(r.req);
  if (ids === null) {
    throw new HttpError(
      401,
      'the list of labs needs the instructor token (?token=…, x-instructor-token or authorization: Bearer …); without it you see the labs you created (the cookie POST /api/labs sets)',
    );
  }
  const labs = ids.map((id) => ctx.labs.get(id)).filter((l): l is Lab => l !== undefined);
  json(
    r.res,
    200,
    labs.map((l) => describe(l, ctx)),
  );
}

/** Every route the server answers (API.md documents each; a test checks that). */
export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/api/health',
    handler: (r, ctx) => {
      const lab = ctx.labs.default;
      // Still 200 when degraded: the server serves (in memory); `storage` says what is not being written.
      const storage = ctx.store.health.status();
      json(r.res, 200, {
        status: storage.ok ? 'ok' : 'degraded',
        protocol: PROTOCOL_VERSION,
        lab: lab.id,
        labs: ctx.labs.size,
        stations: lab.stationEndpoints().map((s) => s.name),
        storage,
      });
    },
  },
  { method: 'GET', path: '/api/labs', handler: listLabs },
  {
    method: 'POST',
    path: '/api/labs',
    accepts: [...JSON_ONLY, ...YAML_TYPES],
    handler: async (r, ctx) => {
      const { topology, name } = await newLabOfBody(r.req, ctx.defaultTopology);
      try {
        const lab = await ctx.labs.create(topology);
        if (name !== null) ctx.names?.set(lab.id, name);
        // Remember the new lab in the caller's cookie (with the ones it made before that still exist): its own listing.
        const created = [...(createdLabIds(r.req) ?? []).filter((id) => id !== lab.id && ctx.labs.get(id)), lab.id];
        json(r.res, 201, describe(lab, ctx), { location: `/api/labs/${lab.id}`, 'set-cookie': createdLabsCookie(created) });
      } catch (e) {
        if (e instanceof LabLimitError) throw new HttpError(503, e.message);
        // A router refused a line of its `config:` (the lines run as the lab is created).
        if (e instanceof TopologyError) throw new HttpError(400, e.message);
        throw e;
      }
    },
  },
  { method: 'GET', path: '/api/labs/:id', handler: (r, ctx) => json(r.res, 200, describe(labOf(r, ctx), ctx)) },
  { method: 'PUT', path: '/api/labs/:id/name', handler: putName },
  {
    method: 'DELETE',
    path: '/api/labs/:id',
    handler: async (r, ctx) => {
      const id = r.params['id']!;
      if (id === DEFAULT_LAB_ID) throw new HttpError(409, 'the default lab cannot be deleted');
      if (!(await ctx.labs.delete(id))) throw new HttpError(404, `no lab "${id}"; see GET /api/labs`);
      r.res.writeHead(204).end();
    },
  },
  {
    method: 'GET',
    path: '/api/labs/:id/topology',
    handler: (r, ctx) => json(r.res, 200, topologyToData(labOf(r, ctx).options.topology)),
  },
  {
    method: 'GET',
    path: '/api/labs/:id/configuration',
    handler: (r, ctx) => {
      const d = routerOf(labOf(r, ctx), r.url.searchParams.get('router')).device;
      json(r.res, 200, { running: renderConfig(d.running).join('\n'), saved: d.saved ? renderConfig(d.saved).join('\n') : null });
    },
  },
  { method: 'GET', path: '/api/labs/:id/sessions', handler: sessions },
  { method: 'GET', path: '/api/labs/:id/station/messages', handler: stationMessages },
  { method: 'GET', path: '/api/labs/:id/station/routers', handler: stationRouters },
  { method: 'GET', path: '/api/labs/:id/station/routes', handler: stationRoutes },
  { method: 'GET', path: '/api/labs/:id/station/export', handler: stationExport },
  { method: 'GET', path: '/api/labs/:id/pcap', handler: pcap },
  { method: 'POST', path: '/api/labs/:id/cli', handler: cli },
  // The lab's BGP neighbors: routes announced and withdrawn, sessions brought down and up (neighbor-routes-api.ts).
  ...neighborRoutes({ lab: labOf, body: readBody, reply: json, fail: (status, message) => new HttpError(status, message) }),
  { method: 'GET', path: '/api/instructor/labs', handler: (r, ctx) => instructorLabs(r, ctx) },
  // The default lab's, at their first addresses.
  { method: 'GET', path: '/api/sessions', handler: sessions },
  { method: 'GET', path: '/api/station/messages', handler: stationMessages },
  { method: 'GET', path: '/api/station/routers', handler: stationRouters },
  { method: 'GET', path: '/api/station/routes', handler: stationRoutes },
  { method: 'GET', path: '/api/station/export', handler: stationExport },
  { method: 'GET', path: '/api/pcap', handler: pcap },
];

function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/');
  const b = path.split('/');
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.startsWith(':')) {
      if (!b[i]) return null;
      try {
        params[a[i]!.slice(1)] = decodeURIComponent(b[i]!);
      } catch {
        return null;
      }
    } else if (a[i] !== b[i]) return null;
  }
  return params;
}

/** HTTP: the REST API, the WebSocket upgrade (`/ws?lab=<id>`), and the built UI (`/`, `/labs/<id>`). */
export function createHttpServer(context: HttpContext, webRoot: string): Server {
  const ctx: HttpContext = { ...context, tokenGuesses: context.tokenGuesses ?? new GuessThrottle() };
  const guards: HttpGuards = ctx.guards ?? { bindHost: '127.0.0.1', allowedHosts: [], allowedOrigins: [] };
  const serveStatic = staticFiles(webRoot);
  /** Null when the request's Host is this server; else why not (DNS rebinding, security/host-check.ts). */
  const wrongHost = (req: IncomingMessage): string | null => {
    const port = (server.address() as AddressInfo | null)?.port ?? 0;
    const verdict = hostAllowed(req.headers.host, { bindHost: guards.bindHost, port, allowedHosts: guards.allowedHosts });
    return verdict.ok ? null : verdict.reason;
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const badHost = wrongHost(req);
    if (badHost !== null) return json(res, 421, { error: badHost });
    if (url.pathname.startsWith('/api/')) {
      const hits = ROUTES.map((route) => ({ route, params: match(route.path, url.pathname) })).filter((h) => h.params !== null);
      const hit = hits.find((h) => h.route.method === method);
      if (!hit) {
        if (hits.length > 0) {
          return json(
            res,
            405,
            { error: `${req.method} is not allowed on ${url.pathname}; allowed: ${hits.map((h) => h.route.method).join(', ')}` },
            { allow: hits.map((h) => h.route.method).join(', ') },
          );
        }
        return json(res, 404, { error: `no such endpoint: ${req.method} ${url.pathname}; see apps/server/API.md` });
      }
      if (WRITE_METHODS.has(method)) {
        const write = writeAllowed(req, hit.route.accepts ?? JSON_ONLY, guards.allowedOrigins);
        if (!write.ok) return json(res, write.status, { error: write.error });
      }
      Promise.resolve()
        .then(() => hit.route.handler({ req, res, url, params: hit.params! }, ctx))
        .catch((e: unknown) => {
          if (res.headersSent) return void res.destroy();
          if (e instanceof ClientGone) {
            log.warn(`${req.method} ${url.pathname}: the client closed the connection before sending its whole body`);
            return void res.destroy();
          }
          if (e instanceof HttpError && e.closeConnection) {
            // Close once the answer is out instead of reading (and discarding) the rest of the body.
            res.once('finish', () => req.socket.destroy());
            return json(res, e.status, { error: e.message }, { connection: 'close' });
          }
          if (e instanceof HttpError) return json(res, e.status, { error: e.message });
          log.error({ err: e }, `${req.method} ${url.pathname} failed`);
          json(res, 500, { error: 'the server failed to handle the request' });
        });
      return;
    }
    if (method !== 'GET') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    // The UI of a lab: `/labs/<id>` (the SPA reads the id from its address); an unknown lab is a 404 page.
    const page = /^\/labs\/([^/]+)\/?$/.exec(url.pathname);
    const pageLab = page ? safeDecode(page[1]!) : null;
    if (page && (pageLab === null || !ctx.labs.get(pageLab))) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(
        `<!doctype html><title>No such lab</title><p>There is no lab "${escapeHtml(pageLab ?? page[1]!)}" on this server (it may have been deleted). <a href="/">Open the default lab</a>.</p>`,
      );
      return;
    }
    void serveStatic(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    const badHost = wrongHost(req);
    if (badHost !== null) {
      const body = JSON.stringify({ error: badHost });
      socket.end(`HTTP/1.1 421 Misdirected Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== WS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    ctx.gateway.handleUpgrade(req, socket, head);
  });
  return server;
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
