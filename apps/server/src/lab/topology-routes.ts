import { z } from 'zod';
import { bulkPrefixes, checkVpnRoute } from '@bmp-lab/router';
import type { NeighborRoute } from '@bmp-lab/router';
import { anyPrefix, asn, community, ipv4ToInt, isPrefix, labPrefix, prefix } from './topology-fields.js';
import type { NeighborTopology } from './topology-model.js';

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

/** Most prefixes one `bulk-routes` may generate. */
export const MAX_BULK_ROUTES = 1_000_000;

export const bulkRoutesSchema = z
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
export const vpnRouteSchema = z
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

export function vpnRouteFromRaw(r: z.infer<typeof vpnRouteSchema>): NonNullable<NeighborTopology['vpnRoutes']>[number] {
  return {
    rd: r.rd,
    prefix: r.prefix,
    label: r.label,
    routeTargets: [...r['route-targets']],
    ...(r['as-path'] ? { asPath: [...r['as-path']] } : {}),
    ...(r.med !== undefined ? { med: r.med } : {}),
  };
}

/** Kept compact: the neighbor generates the prefixes as it announces them. */
export function bulkFromRaw(b: z.infer<typeof bulkRoutesSchema>): NonNullable<NeighborTopology['bulkRoutes']> {
  return {
    first: b.first,
    count: b.count,
    ...(b['as-path'] ? { asPath: b['as-path'] } : {}),
    ...(b.med !== undefined ? { med: b.med } : {}),
    ...(b.communities ? { communities: b.communities } : {}),
  };
}
