import type { StationMessageView } from '@bmp-lab/protocol';

/** Prefixes a row names before "+N more" (the view carries up to 3). */
const ROW_PREFIXES = 2;
/** AS numbers of a path a row names before "+N". */
const ROW_ASNS = 6;

type RouteFieldsOf = Pick<StationMessageView, 'prefixes' | 'prefixCount' | 'withdrawnPrefixes' | 'withdrawn' | 'asPath' | 'asPathLength'>;

/** What a Route Monitoring row says of its routes, each part null when the message has none of it. */
export interface RouteRowParts {
  /** `198.18.0.0/24, 198.18.1.0/24 +3 more`. */
  announced: string | null;
  /** `withdrawn 203.0.113.0/24`. */
  withdrawn: string | null;
  /** `AS path 200 100`, `AS path (empty)` for a route of the router's own AS. */
  asPath: string | null;
}

/**
 * The route columns of a row from the structured fields the station filled
 * (StationMessageView's `prefixes`, `asPath`, …). Null for a message without
 * them: another type, an End-of-RIB, or a log stored before the station kept
 * them (the row shows the summary text then).
 */
export function routeRowParts(m: RouteFieldsOf): RouteRowParts | null {
  if (m.prefixes === undefined && m.withdrawnPrefixes === undefined) return null;
  const announced = prefixList(m.prefixes ?? [], m.prefixCount ?? 0);
  const withdrawn = prefixList(m.withdrawnPrefixes ?? [], m.withdrawn ?? 0);
  return {
    announced,
    withdrawn: withdrawn === null ? null : `withdrawn ${withdrawn}`,
    asPath: m.asPath === undefined ? null : asPathText(m.asPath, m.asPathLength ?? m.asPath.length),
  };
}

/** The first two prefixes and "+N more" for the rest of `count`; null when there are none. */
export function prefixList(prefixes: readonly string[], count: number): string | null {
  const total = Math.max(count, prefixes.length);
  if (total === 0) return null;
  const shown = prefixes.slice(0, ROW_PREFIXES);
  const more = total - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` +${more} more` : ''}`;
}

/** `AS path 200 300 100`, the first six and `+N` for the rest of `length`; `AS path (empty)` for none. */
export function asPathText(asns: readonly number[], length: number): string {
  if (length === 0 || asns.length === 0) return 'AS path (empty)';
  const shown = asns.slice(0, ROW_ASNS);
  const more = Math.max(length, asns.length) - shown.length;
  return `AS path ${shown.join(' ')}${more > 0 ? ` +${more}` : ''}`;
}
