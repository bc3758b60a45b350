/** A route as the neighbors REST API takes and lists it (apps/server/API.md, "Neighbors"). */
export interface NeighborRoute {
  prefix: string;
  'as-path'?: number[];
  med?: number;
  communities?: string[];
}

/** The announce form's fields, as typed. */
export interface RouteFields {
  prefix: string;
  asPath: string;
  med: string;
  communities: string;
}

export const EMPTY_ROUTE_FIELDS: RouteFields = { prefix: '', asPath: '', med: '', communities: '' };

const UINT32_MAX = 4_294_967_295;

function uint32(text: string): number | null {
  if (!/^\d{1,10}$/.test(text)) return null;
  const n = Number(text);
  return n <= UINT32_MAX ? n : null;
}

/** Words separated by spaces or commas. */
function words(text: string): string[] {
  return text.split(/[\s,]+/).filter((w) => w !== '');
}

/**
 * The request body for what the form says, or the first thing wrong with it
 * (naming the field). Only the shape is checked here: the server says whether
 * the prefix and communities are good (its error is shown as it is).
 */
export function routeFromFields(fields: RouteFields): { ok: true; route: NeighborRoute } | { ok: false; error: string } {
  const prefix = fields.prefix.trim();
  if (prefix === '') return { ok: false, error: 'Prefix: give one, e.g. 203.0.113.0/24' };
  if (!prefix.includes('/')) return { ok: false, error: `Prefix: "${prefix}" has no length, e.g. ${prefix}/24` };
  const route: NeighborRoute = { prefix };
  const asPath = words(fields.asPath);
  if (asPath.length > 0) {
    const numbers: number[] = [];
    for (const w of asPath) {
      const n = uint32(w);
      if (n === null) return { ok: false, error: `AS path: "${w}" is not an AS number (0-${UINT32_MAX})` };
      numbers.push(n);
    }
    route['as-path'] = numbers;
  }
  const med = fields.med.trim();
  if (med !== '') {
    const n = uint32(med);
    if (n === null) return { ok: false, error: `MED: "${med}" is not a number from 0 to ${UINT32_MAX}` };
    route.med = n;
  }
  const communities = words(fields.communities);
  if (communities.length > 0) route.communities = communities;
  return { ok: true, route };
}

/** The form's fields for a listed route (to change its attributes). */
export function fieldsFromRoute(route: NeighborRoute): RouteFields {
  return {
    prefix: route.prefix,
    asPath: (route['as-path'] ?? []).join(' '),
    med: route.med === undefined ? '' : String(route.med),
    communities: (route.communities ?? []).join(' '),
  };
}

/** One line for a listed route's attributes. */
export function routeAttributes(route: NeighborRoute): string {
  const parts: string[] = [];
  if (route['as-path'] !== undefined && route['as-path'].length > 0) parts.push(`AS path ${route['as-path'].join(' ')}`);
  if (route.med !== undefined) parts.push(`MED ${route.med}`);
  if (route.communities !== undefined && route.communities.length > 0) parts.push(route.communities.join(' '));
  return parts.join(' · ');
}
