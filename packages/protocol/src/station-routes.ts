import { z } from 'zod';

/**
 * `GET /api/labs/<id>/station/routes`: the routes the lab's station holds,
 * with their path attributes (apps/server/API.md).
 */

/** The views a route belongs to (RFC 7854 pre/post-policy, RFC 8671 Adj-RIB-Out, RFC 9069 Loc-RIB). */
export const STATION_ROUTE_VIEWS = ['adj-rib-in pre-policy', 'adj-rib-in post-policy', 'adj-rib-out pre-policy', 'adj-rib-out post-policy', 'loc-rib'] as const;
export type StationRouteViewName = (typeof STATION_ROUTE_VIEWS)[number];

export const STATION_ROUTES_DEFAULT_LIMIT = 1000;
export const STATION_ROUTES_MAX_LIMIT = 10_000;

/** The query string, as text; the server checks addresses and prefixes further. */
export const stationRoutesQuerySchema = z
  .object({
    router: z.string().min(1, 'router must be a connection id from station/routers').optional(),
    peer: z.string().min(1, 'peer must be an IPv4 or IPv6 address').optional(),
    view: z.enum(STATION_ROUTE_VIEWS, { error: `view must be one of ${STATION_ROUTE_VIEWS.map((v) => `"${v}"`).join(', ')}` }).optional(),
    prefix: z.string().min(1, 'prefix must be a prefix in CIDR form, e.g. 203.0.113.0/24').optional(),
    limit: z
      .string()
      .regex(/^\d{1,6}$/, `limit must be an integer 1..${STATION_ROUTES_MAX_LIMIT}`)
      .transform(Number)
      .refine((n) => n >= 1 && n <= STATION_ROUTES_MAX_LIMIT, `limit must be an integer 1..${STATION_ROUTES_MAX_LIMIT}`)
      .optional(),
    after: z.string().min(1, 'after must be the "next" of a previous page').optional(),
  })
  .strict();

export type StationRoutesQuery = z.infer<typeof stationRoutesQuerySchema>;

/** Parse a query string's parameters (each at most once); the error names the parameter and the problem. */
export function parseStationRoutesQuery(params: Iterable<[string, string]>): { ok: true; value: StationRoutesQuery } | { ok: false; error: string } {
  const seen: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k in seen) return { ok: false, error: `${k} is given more than once` };
    seen[k] = v;
  }
  const r = stationRoutesQuerySchema.safeParse(seen);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  if (issue.code === 'unrecognized_keys')
    return { ok: false, error: `unknown query parameter ${issue.keys.map((k) => `"${k}"`).join(', ')} (router, peer, view, prefix, limit, after)` };
  return { ok: false, error: issue.message };
}

/** An AS path: each AS of a sequence in order, an AS_SET as a nested list. */
export type AsPathView = (number | number[])[];

/** One route the station holds (`station/routes`); an attribute the route did not carry is null. */
export interface StationRouteView {
  /** The station connection that reported it (an id from `station/routers`). */
  router: string;
  /** The monitored peer (`0.0.0.0` for the Loc-RIB). */
  peer: string;
  /** Its route distinguisher, 16 hex digits (zeros for the global instance). */
  distinguisher: string;
  view: string;
  /** `203.0.113.0/24`, `2001:db8:1000::/48`; another family as `afi/safi prefix`. */
  prefix: string;
  /** `igp`, `egp`, `incomplete`. */
  origin: string | null;
  asPath: AsPathView | null;
  nextHop: string | null;
  med: number | null;
  localPref: number | null;
  /** `"65001:100"`. */
  communities: string[] | null;
  /** `"global:local1:local2"`. */
  largeCommunities: string[] | null;
  originatorId: string | null;
  clusterList: string[] | null;
  /** Each as 16 hex digits. */
  extendedCommunities: string[] | null;
  atomicAggregate: boolean;
  aggregator: { asn: number; address: string } | null;
  /** AS4_PATH from a 2-octet-AS speaker, as sent. */
  as4Path: AsPathView | null;
  /** Any other attribute, as sent: type code, flags octet, value in hex. */
  otherAttributes: { code: number; flags: number; value: string }[];
}

/** The answer: a page of routes, and where the next one starts (null: this was the last). */
export interface StationRoutesPage {
  routes: StationRouteView[];
  next: string | null;
}
