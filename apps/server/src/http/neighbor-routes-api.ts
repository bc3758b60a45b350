import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { NeighborRouteError } from '@bmp-lab/router';
import type { LabNeighbor } from '@bmp-lab/router';
import type { Lab } from '../lab/lab.js';
import { announceRoutes, neighborEntry } from '../lab/neighbor-control.js';
import { routeFromData, routeSchema } from '../lab/topology.js';
import type { HttpContext, Route } from './http-server.js';

/**
 * REST for a lab's BGP neighbors (API.md, "Lab neighbors"): list them, make
 * one announce or withdraw routes within its live session, bring its session
 * down or up. The writes pass the same guards as every REST write
 * (http-server.ts: Host check, JSON only, Origin).
 */

type Request = Parameters<Route['handler']>[0];

/** What the HTTP server lends these handlers (its lab lookup, body reader, JSON answer and error). */
export interface NeighborApiTools {
  lab(r: Request, ctx: HttpContext): Lab;
  body(req: IncomingMessage, limit?: number): Promise<string>;
  reply(res: ServerResponse, status: number, body: unknown): void;
  fail(status: number, message: string): Error;
}

/** Most routes one POST announces. */
export const MAX_ROUTES_PER_REQUEST = 10_000;
/** The largest routes body: 10,000 routes with an AS_PATH and communities each fit. */
export const MAX_ROUTES_BODY_BYTES = 4 * 1024 * 1024;

const routesBody = z.union([z.strictObject({ routes: z.array(routeSchema).min(1, 'routes lists at least one route') }), routeSchema]);
const stateBody = z.strictObject({ up: z.boolean('up is true or false') });
const withdrawBody = z.strictObject({ prefixes: z.array(z.string('a prefix is text, such as "203.0.113.0/24"')).min(1, 'prefixes lists at least one prefix') });

export function neighborRoutes(tools: NeighborApiTools): Route[] {
  const neighborOf = (r: Request, ctx: HttpContext): { lab: Lab; neighbor: LabNeighbor } => {
    const lab = tools.lab(r, ctx);
    const address = r.params['address']!;
    const neighbor = lab.neighbor(address);
    if (!neighbor) throw tools.fail(404, `no neighbor ${address} in lab "${lab.id}"; see GET /api/labs/${lab.id}/neighbors`);
    return { lab, neighbor };
  };
  const jsonBody = async (req: IncomingMessage, limit: number | undefined, example: string): Promise<unknown> => {
    const text = await tools.body(req, limit);
    try {
      return JSON.parse(text);
    } catch {
      throw tools.fail(400, `the body is not JSON; send ${example}`);
    }
  };
  const withdraw = (r: Request, ctx: HttpContext, prefix: string) => {
    const { lab, neighbor } = neighborOf(r, ctx);
    if (!neighbor.withdrawRoute(prefix)) {
      throw tools.fail(404, `${neighbor.spec.address} does not announce ${prefix}; see GET /api/labs/${lab.id}/neighbors (bulk-routes cannot be withdrawn one by one)`);
    }
    r.res.writeHead(204).end();
  };
  return [
    {
      method: 'GET',
      path: '/api/labs/:id/neighbors',
      handler: (r, ctx) => tools.reply(r.res, 200, { neighbors: tools.lab(r, ctx).neighborList().map(neighborEntry) }),
    },
    {
      method: 'POST',
      path: '/api/labs/:id/neighbors/:address/routes',
      handler: async (r, ctx) => {
        const { lab, neighbor } = neighborOf(r, ctx);
        const body = await jsonBody(r.req, MAX_ROUTES_BODY_BYTES, '{"prefix": "203.0.113.0/24"} or {"routes": [...]}');
        const count = (body as { routes?: unknown } | null)?.routes;
        if (Array.isArray(count) && count.length > MAX_ROUTES_PER_REQUEST) {
          throw tools.fail(413, `routes: ${count.length} routes, more than the ${MAX_ROUTES_PER_REQUEST} one request may announce; send them in several`);
        }
        const parsed = routesBody.safeParse(body, { reportInput: true });
        if (!parsed.success) throw tools.fail(400, describeBodyError(body, parsed.error));
        const routes = ('routes' in parsed.data ? parsed.data.routes : [parsed.data]).map(routeFromData);
        try {
          const announced = announceRoutes(lab, neighbor, routes);
          tools.reply(r.res, 200, { announced, routes: neighbor.routes().length });
        } catch (e) {
          if (!(e instanceof NeighborRouteError)) throw e;
          // The server's capacity is a 503 like BMPLAB_MAX_LABS; the route or the lab's own budget, the request's fault.
          throw tools.fail(e.overBudget === 'server' ? 503 : 400, e.message);
        }
      },
    },
    {
      // Many at once, in as few UPDATEs as they fit: a script undoing what it announced.
      method: 'DELETE',
      path: '/api/labs/:id/neighbors/:address/routes',
      handler: async (r, ctx) => {
        const { neighbor } = neighborOf(r, ctx);
        const example = '{"prefixes": ["203.0.113.0/24", …]}';
        const body = await jsonBody(r.req, MAX_ROUTES_BODY_BYTES, example);
        const listed = (body as { prefixes?: unknown } | null)?.prefixes;
        if (Array.isArray(listed) && listed.length > MAX_ROUTES_PER_REQUEST) {
          throw tools.fail(413, `prefixes: ${listed.length} prefixes, more than the ${MAX_ROUTES_PER_REQUEST} one request may withdraw; send them in several`);
        }
        const parsed = withdrawBody.safeParse(body, { reportInput: true });
        if (!parsed.success) throw tools.fail(400, describeBodyError(body, parsed.error, example));
        try {
          const withdrawn = neighbor.withdrawRoutes(parsed.data.prefixes);
          tools.reply(r.res, 200, { withdrawn, routes: neighbor.routes().length });
        } catch (e) {
          if (!(e instanceof NeighborRouteError)) throw e;
          throw tools.fail(e.notAnnounced ? 404 : 400, e.message);
        }
      },
    },
    // The prefix URL-encoded in one segment (203.0.113.0%2F24)…
    { method: 'DELETE', path: '/api/labs/:id/neighbors/:address/routes/:prefix', handler: (r, ctx) => withdraw(r, ctx, r.params['prefix']!) },
    // …or plain, as the last two segments (203.0.113.0/24).
    {
      method: 'DELETE',
      path: '/api/labs/:id/neighbors/:address/routes/:prefix/:length',
      handler: (r, ctx) => withdraw(r, ctx, `${r.params['prefix']!}/${r.params['length']!}`),
    },
    {
      method: 'PUT',
      path: '/api/labs/:id/neighbors/:address/state',
      handler: async (r, ctx) => {
        const { neighbor } = neighborOf(r, ctx);
        const body = await jsonBody(r.req, undefined, '{"up": false} or {"up": true}');
        const parsed = stateBody.safeParse(body, { reportInput: true });
        if (!parsed.success) throw tools.fail(400, describeBodyError(body, parsed.error, '{"up": false} or {"up": true}'));
        neighbor.setUp(parsed.data.up);
        tools.reply(r.res, 200, neighborEntry(neighbor));
      },
    },
  ];
}

/**
 * The first problem of a body, naming its field (`routes[3].prefix: …`). A
 * body that is one route or a list of routes gets the problems of the form it
 * meant (a `routes` key: the list), not zod's union summary.
 */
function describeBodyError(
  body: unknown,
  error: z.ZodError,
  example = '{"prefix": "203.0.113.0/24", "as-path": [64500], "med": 10, "communities": ["200:1"]} or {"routes": [...]}',
): string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return `the body must be a JSON object: ${example}`;
  const meant = 'routes' in body ? z.strictObject({ routes: z.array(routeSchema).min(1, 'routes lists at least one route') }) : null;
  const issue = (
    meant ? (meant.safeParse(body, { reportInput: true }).error?.issues ?? error.issues) : error.issues.flatMap((i) => (i.code === 'invalid_union' ? (i.errors[1] ?? [i]) : [i]))
  )[0];
  if (!issue) return `the body is not valid: ${example}`;
  const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined
        ? `missing (expected ${issue.expected})`
        : issue.message;
  return `${path === '' ? 'body' : path}: ${message}`;
}
