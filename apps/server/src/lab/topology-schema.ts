import { z } from 'zod';
import { isIpv6 } from '@bmp-lab/codec';
import { DEFAULT_ROUTER_ADDRESS } from './lab-network.js';
import { asn, ipAddress, ipv4, ipv4ToInt, isIpv6Prefix, isPrefix, port, safeText, seconds } from './topology-fields.js';
import { bulkRoutesSchema, routeSchema, vpnRouteSchema } from './topology-routes.js';
import { MAX_SCRIPT_STEPS, scriptStepSchema } from './topology-script.js';

/** Routers one lab may have (topology `routers:`). */
export const MAX_LAB_ROUTERS = 32;
/** Lines one router's `config:` may have, and characters per line. */
export const MAX_CONFIG_LINES = 2000;
export const MAX_CONFIG_LINE_CHARS = 510;

/**
 * Shortest flap phase, in protocol seconds (like every flap field): below it
 * the neighbor's timer would spin (a flap of microseconds keeps a core busy)
 * while the router, retrying only every ConnectRetry (32 s), could not even
 * follow. BMPLAB_TIME_SCALE still speeds the whole flap up.
 */
export const MIN_FLAP_SECONDS = 1;

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

export const topologySchema = z.strictObject({
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

export type RawTopology = z.infer<typeof topologySchema>;
