import { STATION_ROUTE_VIEWS, type AsPathView, type StationRouteView } from '@bmp-lab/protocol';

/** `in pre`, `in post`, `out pre`, `out post`, `Loc-RIB`. */
export function shortRouteView(view: string): string {
  const m = /^adj-rib-(in|out) (pre|post)-policy$/.exec(view);
  if (m) return `${m[1]} ${m[2]}`;
  return view === 'loc-rib' ? 'Loc-RIB' : view;
}

const PRE_POLICY = 'adj-rib-in pre-policy';
const ZERO_RD = '0000000000000000';

/** `200 64510 {1 2}`; an empty path is shown as such (a route from an iBGP peer or the router itself). */
export function formatAsPath(path: AsPathView | null): string {
  if (path === null) return '—';
  if (path.length === 0) return '(empty)';
  return path.map((seg) => (Array.isArray(seg) ? `{${seg.join(' ')}}` : String(seg))).join(' ');
}

/** One path attribute as the comparison shows it. */
export interface RouteAttribute {
  key: string;
  label: string;
  /** Its value as text (`—` when the route did not carry it). */
  text(r: StationRouteView): string;
  /** For a list attribute, its items (so the comparison can name what was added or removed). */
  items?(r: StationRouteView): readonly string[] | null;
}

const orDash = (v: string | number | null) => (v === null ? '—' : String(v));
const list = (v: readonly string[] | null) => (v === null ? '—' : v.length === 0 ? '(none)' : v.join(' '));

export const ROUTE_ATTRIBUTES: readonly RouteAttribute[] = [
  { key: 'origin', label: 'Origin', text: (r) => orDash(r.origin) },
  { key: 'asPath', label: 'AS path', text: (r) => formatAsPath(r.asPath) },
  { key: 'nextHop', label: 'Next hop', text: (r) => orDash(r.nextHop) },
  { key: 'med', label: 'MED', text: (r) => orDash(r.med) },
  { key: 'localPref', label: 'Local pref', text: (r) => orDash(r.localPref) },
  { key: 'communities', label: 'Communities', text: (r) => list(r.communities), items: (r) => r.communities },
  { key: 'largeCommunities', label: 'Large communities', text: (r) => list(r.largeCommunities), items: (r) => r.largeCommunities },
  { key: 'extendedCommunities', label: 'Ext. communities', text: (r) => list(r.extendedCommunities), items: (r) => r.extendedCommunities },
  { key: 'originatorId', label: 'Originator ID', text: (r) => orDash(r.originatorId) },
  { key: 'clusterList', label: 'Cluster list', text: (r) => list(r.clusterList), items: (r) => r.clusterList },
  { key: 'atomicAggregate', label: 'Atomic aggregate', text: (r) => (r.atomicAggregate ? 'yes' : '—') },
  { key: 'aggregator', label: 'Aggregator', text: (r) => (r.aggregator === null ? '—' : `AS${r.aggregator.asn} ${r.aggregator.address}`) },
  { key: 'as4Path', label: 'AS4 path', text: (r) => formatAsPath(r.as4Path) },
  {
    key: 'otherAttributes',
    label: 'Other attributes',
    text: (r) => (r.otherAttributes.length === 0 ? '—' : r.otherAttributes.map((a) => `${a.code}/0x${a.flags.toString(16)}:${a.value}`).join(' ')),
  },
];

/** One column of the comparison: the prefix as one peer's view (of one connection) holds it. */
export interface CompareColumn {
  key: string;
  route: StationRouteView;
  /** `10.2.2.2 in pre`, `Loc-RIB`; with the connection or distinguisher when the columns need them to tell apart. */
  label: string;
  /** The column it is compared with (null: it is a baseline). */
  baseline: string | null;
}

export interface CompareCell {
  text: string;
  /** Differs from the column's baseline. */
  differs: boolean;
  /** For list attributes: items the baseline does not have, and items it has that this column lacks. */
  added: readonly string[];
  removed: readonly string[];
}

export interface RouteComparison {
  columns: readonly CompareColumn[];
  rows: readonly { attribute: RouteAttribute; cells: readonly CompareCell[] }[];
}

const columnKey = (r: StationRouteView) => `${r.router}|${r.distinguisher}|${r.peer}|${r.view}`;
const viewRank = (v: string) => {
  const i = (STATION_ROUTE_VIEWS as readonly string[]).indexOf(v);
  return i < 0 ? STATION_ROUTE_VIEWS.length : i;
};
const isLocRib = (r: StationRouteView) => r.view === 'loc-rib';

/**
 * Order: per connection, each peer's views (in pre, in post, out pre, out
 * post), then the Loc-RIB.
 */
function byColumn(a: StationRouteView, b: StationRouteView): number {
  if (a.router !== b.router) return a.router < b.router ? -1 : 1;
  if (isLocRib(a) !== isLocRib(b)) return isLocRib(a) ? 1 : -1;
  if (a.distinguisher !== b.distinguisher) return a.distinguisher < b.distinguisher ? -1 : 1;
  if (a.peer !== b.peer) return a.peer.localeCompare(b.peer, 'en', { numeric: true });
  return viewRank(a.view) - viewRank(b.view);
}

/**
 * What each column is compared with: the same peer's Adj-RIB-In
 * pre-policy (what policy did to it); for the Loc-RIB, the pre-policy route
 * of the peer it was learned from (its next hop), else any pre-policy
 * column of the connection; else the first column.
 */
function baselineOf(col: StationRouteView, all: readonly StationRouteView[]): StationRouteView | null {
  if (col.view === PRE_POLICY) return null;
  const pre = all.filter((r) => r.view === PRE_POLICY);
  const found =
    pre.find((r) => r.router === col.router && r.peer === col.peer && r.distinguisher === col.distinguisher) ??
    (isLocRib(col) ? pre.find((r) => r.router === col.router && r.peer === col.nextHop) : undefined) ??
    pre.find((r) => r.router === col.router) ??
    pre[0] ??
    all[0];
  return found === undefined || found === col ? null : found;
}

/**
 * The prefix side by side across every view and peer that holds it, each
 * attribute marked where it differs from the column's baseline. `routerName`
 * names a connection id (e.g. `R1 (10.1.1.1:50000)`) where the columns come
 * from several connections.
 */
export function compareRoutes(routes: readonly StationRouteView[], routerName: (id: string) => string = (id) => id): RouteComparison {
  const sorted = [...routes].sort(byColumn);
  const routers = new Set(sorted.map((r) => r.router));
  const rds = new Set(sorted.map((r) => r.distinguisher));
  const columns: CompareColumn[] = sorted.map((r) => {
    const base = baselineOf(r, sorted);
    let label = isLocRib(r) ? 'Loc-RIB' : `${r.peer} ${shortRouteView(r.view)}`;
    if (rds.size > 1 && r.distinguisher !== ZERO_RD) label += ` RD ${r.distinguisher}`;
    if (routers.size > 1) label += ` · ${routerName(r.router)}`;
    return { key: columnKey(r), route: r, label, baseline: base === null ? null : columnKey(base) };
  });
  const byKey = new Map(columns.map((c) => [c.key, c.route]));
  const rows = ROUTE_ATTRIBUTES.map((attribute) => ({
    attribute,
    cells: columns.map((c): CompareCell => {
      const text = attribute.text(c.route);
      const base = c.baseline === null ? undefined : byKey.get(c.baseline);
      if (base === undefined) return { text, differs: false, added: [], removed: [] };
      const baseText = attribute.text(base);
      if (attribute.items === undefined) return { text, differs: text !== baseText, added: [], removed: [] };
      const mine = attribute.items(c.route) ?? [];
      const theirs = attribute.items(base) ?? [];
      const added = mine.filter((x) => !theirs.includes(x));
      const removed = theirs.filter((x) => !mine.includes(x));
      return { text, differs: added.length > 0 || removed.length > 0 || text !== baseText, added, removed };
    }),
  }));
  return { columns, rows };
}

/** Attributes that differ somewhere in the comparison (the rest can be folded away). */
export function differingAttributes(c: RouteComparison): Set<string> {
  return new Set(c.rows.filter((r) => r.cells.some((x) => x.differs)).map((r) => r.attribute.key));
}
