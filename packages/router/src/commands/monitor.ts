import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { monitorKey } from '../config/device-config.js';
import type { AddressFamily, BmpMonitorTarget, RouteMode } from '../config/device-config.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { currentMonitor, currentSession } from './helpers.js';
import { IPV4, IPV6, VPN_NAME } from './params.js';
import { routeModeCommand } from '../config/render-config.js';

/**
 * `monitor …` (BMP session view, level 2): which BGP peers the session
 * reports on, entering the BMP monitor view where `route-mode` is set
 * (docs/vrp-behaviour.md §2.8). The VPN instance name follows the seed's rules and the
 * instance must exist.
 */
export const monitor = defineCommand<CommandContext>({
  id: 'monitor',
  summary: 'Specifies the BGP peers whose running status a BMP session monitors and displays the BMP monitor view.',
  syntax: [
    'monitor public',
    'undo monitor public',
    'monitor all-vpn-instance',
    'undo monitor all-vpn-instance',
    'monitor peer ipv4-address',
    'monitor peer ipv6-address',
    'undo monitor peer ipv4-address',
    'undo monitor peer ipv6-address',
    'monitor vpn-instance vpn-instance-name',
    'undo monitor vpn-instance vpn-instance-name',
    'monitor vpn-instance vpn-instance-name peer ipv4-address',
    'monitor vpn-instance vpn-instance-name peer ipv6-address',
    'undo monitor vpn-instance vpn-instance-name peer ipv4-address',
    'undo monitor vpn-instance vpn-instance-name peer ipv6-address',
  ],
  params: {
    'ipv4-address': IPV4('IPv4 address of the BGP peer'),
    'ipv6-address': IPV6('IPv6 address of the BGP peer'),
    'vpn-instance-name': VPN_NAME,
  },
  keywords: keywords(['monitor', 'public', 'all-vpn-instance', 'peer', 'vpn-instance', 'undo']),
  views: [VIEW.bmpSession],
  level: 2,
  run(ctx, args) {
    const session = currentSession(ctx);
    const frame = ctx.frame;
    if (!session || frame.view !== 'bmp-session') return ctx.print(MSG.sessionMissing);
    const p = args.params;
    const address = p['ipv4-address'] ?? p['ipv6-address'];
    const vpn = p['vpn-instance-name'];
    const target: BmpMonitorTarget = args.keywords.includes('public')
      ? { kind: 'public' }
      : args.keywords.includes('all-vpn-instance')
        ? { kind: 'all-vpn-instance' }
        : vpn === undefined
          ? { kind: 'peer', address: String(address) }
          : address === undefined
            ? { kind: 'vpn-instance', vpnInstance: String(vpn) }
            : { kind: 'vpn-instance-peer', vpnInstance: String(vpn), address: String(address) };
    const key = monitorKey(target);
    const monitors = (session.monitors ??= []);
    const existing = monitors.find((m) => monitorKey(m.target) === key);
    if (args.undo) {
      if (!existing) return ctx.print(MSG.monitorMissing);
      session.monitors = monitors.filter((m) => m !== existing);
      return;
    }
    if (vpn !== undefined && !ctx.candidate.vpnInstances.includes(String(vpn))) return ctx.print(MSG.vpnMissing);
    if (!existing) monitors.push({ target, routeModes: [] });
    ctx.enter({ view: 'bmp-monitor', sessionKey: frame.sessionKey, address: frame.address, alias: frame.alias, target });
  },
});

const FAMILY_SYNTAX = '{ { { ipv4-family | ipv6-family } unicast } | { ipv4-family labeled-unicast } }';
const VPN_FAMILY_SYNTAX = '{ ipv4-family vpnv4 | ipv6-family vpnv6 }';

/**
 * `route-mode` (BMP monitor view, level 2): which RIB and policy stage the
 * session reports (docs/vrp-behaviour.md §2.9). The accepted set is the union of the
 * NE40E V800R012C10 lines and the CloudEngine `local-rib [ add-path | all ]
 * [ path-marking ]` form. ⚠ CONFLICT resolved: `local-rib` is accepted in
 * every monitor view (the NE40E `monitor all-vpn-instance` page lists it),
 * not only under `public` and `vpn-instance`.
 */
export const routeMode = defineCommand<CommandContext>({
  id: 'route-mode',
  summary: 'Sets the type of RIB routes a BMP session reports for the monitored BGP peers.',
  syntax: [
    `route-mode ${FAMILY_SYNTAX} { adj-rib-in | adj-rib-out } { pre-policy | post-policy }`,
    `undo route-mode ${FAMILY_SYNTAX} { adj-rib-in | adj-rib-out } { pre-policy | post-policy }`,
    `route-mode ${VPN_FAMILY_SYNTAX} { adj-rib-in | adj-rib-out } { pre-policy | post-policy }`,
    `undo route-mode ${VPN_FAMILY_SYNTAX} { adj-rib-in | adj-rib-out } { pre-policy | post-policy }`,
    `route-mode ${FAMILY_SYNTAX} local-rib [ add-path ]`,
    `undo route-mode ${FAMILY_SYNTAX} local-rib [ add-path ]`,
    `route-mode ${VPN_FAMILY_SYNTAX} local-rib [ add-path ]`,
    `undo route-mode ${VPN_FAMILY_SYNTAX} local-rib [ add-path ]`,
    'route-mode { ipv4-family | ipv6-family } unicast local-rib [ add-path | all ] [ path-marking ]',
    'undo route-mode { ipv4-family | ipv6-family } unicast local-rib [ add-path | all ] [ path-marking ]',
  ],
  keywords: keywords([
    'route-mode',
    'ipv4-family',
    'ipv6-family',
    'unicast',
    'labeled-unicast',
    'vpnv4',
    'vpnv6',
    'adj-rib-in',
    'adj-rib-out',
    'pre-policy',
    'post-policy',
    'local-rib',
    'add-path',
    'all',
    'path-marking',
    'undo',
  ]),
  views: [VIEW.bmpMonitor],
  level: 2,
  run(ctx, args) {
    const block = currentMonitor(ctx);
    if (!block) return ctx.print(MSG.monitorMissing);
    const mode = routeModeOf(args.keywords);
    const line = routeModeCommand(mode);
    const same = block.routeModes.find((r) => routeModeCommand(r) === line);
    if (args.undo) {
      if (!same) return ctx.print(MSG.configMissing);
      block.routeModes = block.routeModes.filter((r) => r !== same);
      return;
    }
    if (same) return;
    // ⚠ INFERRED: one local-rib line per family; a new local-rib option replaces the old one.
    if (mode.rib === 'local-rib') {
      block.routeModes = block.routeModes.filter((r) => !(r.rib === 'local-rib' && r.family === mode.family));
    }
    block.routeModes.push(mode);
  },
});

function routeModeOf(words: readonly string[]): RouteMode {
  const v6 = words.includes('ipv6-family');
  const family: AddressFamily = words.includes('labeled-unicast')
    ? 'ipv4-labeled-unicast'
    : words.includes('vpnv4')
      ? 'ipv4-vpnv4'
      : words.includes('vpnv6')
        ? 'ipv6-vpnv6'
        : v6
          ? 'ipv6-unicast'
          : 'ipv4-unicast';
  if (words.includes('local-rib')) {
    const mode: RouteMode = { family, rib: 'local-rib' };
    if (words.includes('add-path')) mode.option = 'add-path';
    else if (words.includes('all')) mode.option = 'all';
    if (words.includes('path-marking')) mode.pathMarking = true;
    return mode;
  }
  return {
    family,
    rib: words.includes('adj-rib-in') ? 'adj-rib-in' : 'adj-rib-out',
    policy: words.includes('pre-policy') ? 'pre-policy' : 'post-policy',
  };
}
