import type { StationRibView } from '@bmp-lab/protocol';
import { ipv4ToNumber } from '../ipv4.js';

/** The views a BMP session can report, as the protocol names them (`StationRibView.view`), in table order. */
export const RIB_VIEWS = ['adj-rib-in pre-policy', 'adj-rib-in post-policy', 'adj-rib-out pre-policy', 'adj-rib-out post-policy', 'loc-rib'] as const;

/** Column headers: short, with what each view holds in the title. */
export const RIB_VIEW_LABELS: Record<(typeof RIB_VIEWS)[number], { short: string; long: string }> = {
  'adj-rib-in pre-policy': {
    short: 'In pre',
    long: 'Adj-RIB-In pre-policy: routes as received from the peer, before the import policy (needs keep-all-routes)',
  },
  'adj-rib-in post-policy': { short: 'In post', long: 'Adj-RIB-In post-policy: routes after the import policy' },
  'adj-rib-out pre-policy': { short: 'Out pre', long: 'Adj-RIB-Out pre-policy: routes for the peer, before the export policy' },
  'adj-rib-out post-policy': { short: 'Out post', long: 'Adj-RIB-Out post-policy: routes advertised to the peer, after the export policy' },
  'loc-rib': { short: 'Loc-RIB', long: 'Loc-RIB: the routes the router selected as best' },
};

const ZERO_RD = '0000000000000000';

export interface RibColumn {
  /** The protocol's view string (`data-view`). */
  view: string;
  short: string;
  long: string;
}

export interface RibRow {
  key: string;
  /** The protocol's peer string (`data-peer`): `0.0.0.0` for a Loc-RIB instance. */
  peer: string;
  distinguisher: string;
  locRib: boolean;
  /** What the row header shows: the peer's address, or `Loc-RIB`. */
  label: string;
  /** Prefixes per view string, for the views this peer reports. */
  counts: Readonly<Record<string, number>>;
}

export interface RibTable {
  columns: RibColumn[];
  rows: RibRow[];
}

/**
 * The station's routes of one connection as a table: a row per monitored
 * peer (per route distinguisher), the Loc-RIB as a row of its own after the
 * peers, and a column per view some row reports, in the order In pre, In post,
 * Out pre, Out post, Loc-RIB (a view the UI does not know comes last, as named).
 */
export function ribTable(routes: readonly StationRibView[]): RibTable {
  const rows = new Map<string, RibRow & { counts: Record<string, number> }>();
  const seen = new Set<string>();
  const unknown: string[] = [];
  for (const r of routes) {
    const locRib = r.view === 'loc-rib';
    const key = `${locRib ? 'loc-rib' : 'peer'}/${r.distinguisher}/${r.peer}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { key, peer: r.peer, distinguisher: r.distinguisher, locRib, label: locRib ? 'Loc-RIB' : r.peer, counts: {} };
      rows.set(key, row);
    }
    row.counts[r.view] = r.prefixes;
    if (!seen.has(r.view)) {
      seen.add(r.view);
      if (!(RIB_VIEWS as readonly string[]).includes(r.view)) unknown.push(r.view);
    }
  }
  const columns: RibColumn[] = [...RIB_VIEWS.filter((v) => seen.has(v)).map((v) => ({ view: v, ...RIB_VIEW_LABELS[v] })), ...unknown.map((v) => ({ view: v, short: v, long: v }))];
  return { columns, rows: [...rows.values()].sort(compareRows) };
}

/** Peers by route distinguisher (the global instance first), then address; the Loc-RIB rows last. */
function compareRows(a: RibRow, b: RibRow): number {
  if (a.locRib !== b.locRib) return a.locRib ? 1 : -1;
  if (a.distinguisher !== b.distinguisher) {
    if (a.distinguisher === ZERO_RD) return -1;
    if (b.distinguisher === ZERO_RD) return 1;
    return a.distinguisher < b.distinguisher ? -1 : 1;
  }
  return compareAddresses(a.peer, b.peer);
}

function compareAddresses(a: string, b: string): number {
  const na = ipv4ToNumber(a);
  const nb = ipv4ToNumber(b);
  if (na !== null && nb !== null) return na - nb;
  if (na !== null) return -1;
  if (nb !== null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether the route distinguisher is a VPN instance's (not the global one). */
export function isVpnDistinguisher(distinguisher: string): boolean {
  return distinguisher !== ZERO_RD;
}

/**
 * A post-policy count against the same peer's pre-policy one (In against In,
 * Out against Out): the routes the policy removed (negative) or let through
 * in addition. Null when either side is not reported or they are equal.
 */
export function policyDelta(row: RibRow, view: string): number | null {
  const pre = view === 'adj-rib-in post-policy' ? 'adj-rib-in pre-policy' : view === 'adj-rib-out post-policy' ? 'adj-rib-out pre-policy' : null;
  if (pre === null) return null;
  const a = row.counts[pre];
  const b = row.counts[view];
  if (a === undefined || b === undefined || a === b) return null;
  return b - a;
}

/** A count that fits a narrow cell: exact up to 99,999, then 123k / 1.2M (the title has the exact figure). */
export function formatPrefixCount(n: number): string {
  if (n < 100_000) return n.toLocaleString('en');
  if (n < 1_000_000) return `${Math.floor(n / 1000)}k`;
  return `${(Math.floor(n / 100_000) / 10).toFixed(1)}M`;
}
