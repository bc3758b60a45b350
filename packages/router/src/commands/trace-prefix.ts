import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import type { TracePrefix } from '../config/device-config.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { currentSession } from './helpers.js';
import { IPV4 } from './params.js';

/**
 * `ipv4 unicast` / `ipv4 vpn` (BMP session view, level 2): the session's
 * address-family views where `trace-prefix` chooses the routes it traces
 * (NE40E pages "trace-prefix (BMP Session IPv4 unicast view)" and
 * "trace-prefix route-distinguisher (BMP Session IPv4 VPN view)").
 * ⚠ INFERRED: `undo ipv4 unicast|vpn` removes the view and its trace-prefix lines.
 */
export const bmpSessionIpv4Family = defineCommand<CommandContext>({
  id: 'bmp-session-ipv4-family',
  summary: 'Enters the IPv4 unicast or IPv4 VPN view of a BMP session.',
  syntax: ['ipv4 { unicast | vpn }', 'undo ipv4 { unicast | vpn }'],
  keywords: keywords(['ipv4', 'unicast', 'vpn', 'undo'], { unicast: 'IPv4 unicast address family', vpn: 'IPv4 VPN address family' }),
  views: [VIEW.bmpSession],
  level: 2,
  run(ctx, args) {
    const session = currentSession(ctx);
    const frame = ctx.frame;
    if (!session || frame.view !== 'bmp-session') return ctx.print(MSG.sessionMissing);
    const vpn = args.keywords.includes('vpn');
    const trace = (session.trace ??= {});
    if (args.undo) {
      if (vpn) delete trace.ipv4Vpn;
      else delete trace.ipv4Unicast;
      if (!trace.ipv4Unicast && !trace.ipv4Vpn) delete session.trace;
      return;
    }
    if (vpn) trace.ipv4Vpn ??= { prefixes: [] };
    else trace.ipv4Unicast ??= { prefixes: [] };
    ctx.enter({ view: vpn ? 'bmp-session-ipv4-vpn' : 'bmp-session-ipv4-unicast', sessionKey: frame.sessionKey, address: frame.address, alias: frame.alias });
  },
});

const PREFIX_PARAMS = {
  'ipv4-address': IPV4('Destination IPv4 address'),
  'mask-length': { type: { kind: 'integer', min: 0, max: 32 }, help: 'Mask length' },
} as const;

/** The prefix a `trace-prefix` line names: `a.b.c.d/len` as typed, or `all`. */
function typedPrefix(params: Record<string, string | number | undefined>, all: boolean): TracePrefix {
  return all ? 'all' : `${String(params['ipv4-address'])}/${String(params['mask-length'])}`;
}

/**
 * `trace-prefix { ipv4-address mask-length | all }` (BMP Session IPv4 unicast
 * view, level 2): trace the public-network IPv4 unicast route of that prefix
 * with Route Policy and Attribute Trace messages (BMP type 100) as it is
 * received, changed by import policy, selected and advertised. ⚠ INFERRED:
 * the `all` form (the brief's; the page shows only a prefix) traces every prefix.
 */
export const tracePrefix = defineCommand<CommandContext>({
  id: 'trace-prefix',
  summary: 'Configures BMP to monitor the trace data of a specified IPv4 public network unicast route.',
  syntax: ['trace-prefix ipv4-address mask-length', 'undo trace-prefix ipv4-address mask-length', 'trace-prefix all', 'undo trace-prefix all'],
  params: PREFIX_PARAMS,
  keywords: keywords(['trace-prefix', 'all', 'undo'], { all: 'All prefixes' }),
  views: [VIEW.bmpSessionIpv4Unicast],
  level: 2,
  run(ctx, args) {
    const list = currentSession(ctx)?.trace?.ipv4Unicast;
    if (!list) return ctx.print(MSG.sessionMissing);
    const prefix = typedPrefix(args.params, args.keywords.includes('all'));
    const has = list.prefixes.includes(prefix);
    if (args.undo) {
      if (!has) return ctx.print(MSG.configMissing);
      list.prefixes = list.prefixes.filter((p) => p !== prefix);
      return;
    }
    if (!has) list.prefixes.push(prefix);
  },
});

/**
 * `trace-prefix route-distinguisher vrfRD { ipv4-address mask-length | all }`
 * (BMP Session IPv4 VPN view, level 2): accepted and stored; the lab has no
 * VPNv4 routes, so it traces nothing (docs/vrp-behaviour.md, route trace).
 */
export const tracePrefixVpn = defineCommand<CommandContext>({
  id: 'trace-prefix-route-distinguisher',
  summary: 'Configures BMP to monitor the trace data of a VPNv4 route with a specified RD and prefix.',
  syntax: [
    'trace-prefix route-distinguisher vrfRD ipv4-address mask-length',
    'undo trace-prefix route-distinguisher vrfRD ipv4-address mask-length',
    'trace-prefix route-distinguisher vrfRD all',
    'undo trace-prefix route-distinguisher vrfRD all',
  ],
  params: { ...PREFIX_PARAMS, vrfRD: { type: { kind: 'route-distinguisher' }, help: 'Route distinguisher (e.g. 100:1 or 1.1.1.1:1)' } },
  keywords: keywords(['trace-prefix', 'route-distinguisher', 'all', 'undo'], { all: 'All prefixes' }),
  views: [VIEW.bmpSessionIpv4Vpn],
  level: 2,
  run(ctx, args) {
    const list = currentSession(ctx)?.trace?.ipv4Vpn;
    if (!list) return ctx.print(MSG.sessionMissing);
    const rd = String(args.params['vrfRD']);
    const prefix = typedPrefix(args.params, args.keywords.includes('all'));
    const same = (e: { rd: string; prefix: TracePrefix }) => e.rd === rd && e.prefix === prefix;
    const has = list.prefixes.some(same);
    if (args.undo) {
      if (!has) return ctx.print(MSG.configMissing);
      list.prefixes = list.prefixes.filter((e) => !same(e));
      return;
    }
    if (!has) list.prefixes.push({ rd, prefix });
  },
});
