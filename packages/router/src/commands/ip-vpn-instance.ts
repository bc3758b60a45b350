import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandArgs } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { VPN_NAME } from './params.js';
import type { VpnFamilySettings } from '../config/device-config.js';
import type { ViewFrame } from '../console/views.js';

/**
 * `ip vpn-instance` (system view, level 2): creates a VPN instance and enters
 * its view (docs/vrp-behaviour.md §4); the name follows the seed's rules (1–31
 * case-sensitive characters, quotes for spaces, never `_public_`).
 */
export const ipVpnInstance = defineCommand<CommandContext>({
  id: 'ip-vpn-instance',
  summary: 'Creates a VPN instance and displays the VPN instance view.',
  syntax: ['ip vpn-instance vpn-instance-name', 'undo ip vpn-instance vpn-instance-name'],
  params: { 'vpn-instance-name': VPN_NAME },
  keywords: keywords(['ip', 'vpn-instance', 'undo']),
  views: [VIEW.system],
  level: 2,
  run(ctx, args) {
    const name = String(args.params['vpn-instance-name']);
    const list = ctx.candidate.vpnInstances;
    if (args.undo) {
      // Real device text (docs/vrp-behaviour.md §2.4, [S23]).
      if (!list.includes(name)) return ctx.print(MSG.vpnMissing);
      ctx.candidate.vpnInstances = list.filter((n) => n !== name);
      if (ctx.candidate.vpnInstanceSettings) delete ctx.candidate.vpnInstanceSettings[name];
      // ⚠ INFERRED: the instance's BGP (`ipv4-family vpn-instance NAME`) goes with it.
      const bgp = ctx.candidate.bgp;
      if (bgp?.vpnInstances) {
        bgp.vpnInstances = bgp.vpnInstances.filter((v) => v.name !== name);
        if (bgp.vpnInstances.length === 0) delete bgp.vpnInstances;
      }
      return;
    }
    if (!list.includes(name)) list.push(name);
    ctx.enter({ view: 'vpn-instance', name });
  },
});

/**
 * `ipv4-family` / `ipv6-family` (VPN instance view): enters
 * `[*HUAWEI-vpn-instance-vpn1-af-ipv4]` (or `-af-ipv6`). The IPv6 family is
 * kept and shown; the lab carries no IPv6 VPN routes.
 */
export const vpnIpv4Family = defineCommand<CommandContext>({
  id: 'vpn-instance-ipv4-family',
  summary: 'Enables an address family of a VPN instance and displays its view.',
  syntax: ['{ ipv4-family | ipv6-family }', 'undo { ipv4-family | ipv6-family }'],
  keywords: keywords(['ipv4-family', 'ipv6-family', 'undo']),
  views: [VIEW.vpnInstance],
  level: 2,
  run(ctx, args) {
    const frame = ctx.frame;
    if (frame.view !== 'vpn-instance') return;
    const all = (ctx.candidate.vpnInstanceSettings ??= {});
    const settings = (all[frame.name] ??= {});
    const key = args.keywords.includes('ipv6-family') ? 'ipv6Family' : 'ipv4Family';
    if (args.undo) {
      if (!settings[key]) return ctx.print(MSG.configMissing);
      delete settings[key];
      return;
    }
    settings[key] ??= {};
    ctx.enter({ view: key === 'ipv6Family' ? 'vpn-instance-af-ipv6' : 'vpn-instance-af-ipv4', name: frame.name });
  },
});

/**
 * The family a VPN-instance line configures: the family view's own, or, typed
 * in the VPN instance view itself, the IPv4 family (⚠ INFERRED, created if
 * absent: the CE-series manuals set the RD there and the IPv4 family is then
 * in use). Null outside these views.
 */
function familyOfFrame(ctx: CommandContext, frame: ViewFrame): VpnFamilySettings | null {
  if (frame.view !== 'vpn-instance' && frame.view !== 'vpn-instance-af-ipv4' && frame.view !== 'vpn-instance-af-ipv6') return null;
  const settings = ((ctx.candidate.vpnInstanceSettings ??= {})[frame.name] ??= {});
  return frame.view === 'vpn-instance-af-ipv6' ? (settings.ipv6Family ??= {}) : (settings.ipv4Family ??= {});
}

/**
 * `route-distinguisher` (VPN instance view, its IPv4 and IPv6 family views):
 * the RD, e.g. `100:1`. As the NE40E page says, a set RD cannot be changed,
 * only deleted (and the family must have one before it takes effect).
 */
export const routeDistinguisher = defineCommand<CommandContext>({
  id: 'route-distinguisher',
  summary: 'Configures a route distinguisher (RD) for an address family of a VPN instance.',
  syntax: ['route-distinguisher route-distinguisher', 'undo route-distinguisher route-distinguisher'],
  params: { 'route-distinguisher': { type: { kind: 'route-distinguisher' }, help: 'Route distinguisher (e.g. 100:1 or 1.1.1.1:1)' } },
  keywords: keywords(['route-distinguisher', 'undo']),
  views: [VIEW.vpnInstance, VIEW.vpnInstanceAfIpv4, VIEW.vpnInstanceAfIpv6],
  level: 2,
  run(ctx, args) {
    const family = familyOfFrame(ctx, ctx.frame);
    if (!family) return;
    const rd = String(args.params['route-distinguisher']);
    if (args.undo) {
      if (family.routeDistinguisher !== rd) return ctx.print(MSG.configMissing);
      delete family.routeDistinguisher;
      return;
    }
    if (family.routeDistinguisher !== undefined && family.routeDistinguisher !== rd) return ctx.print(MSG.rdExists);
    family.routeDistinguisher = rd;
  },
});

/**
 * `vpn-target vpn-target &<1-8> [ both | export-extcommunity |
 * import-extcommunity ]` (VPN instance view and its family views; the
 * `vpn-target (VPN instance view)` page): route targets (RFC 4360) stored
 * and shown, `both` (the default) as an export and an import line. They
 * would pick the VPNv4 routes an instance imports; the lab has no VPNv4.
 * The page's prerequisite: the family has an RD first.
 */
export const vpnTarget = defineCommand<CommandContext>({
  id: 'vpn-target',
  summary: 'Configures VPN targets for an address family of a VPN instance.',
  syntax: [
    'vpn-target vpn-target &<1-8> [ both | export-extcommunity | import-extcommunity ]',
    'undo vpn-target { all | vpn-target &<1-8> [ both | export-extcommunity | import-extcommunity ] }',
  ],
  params: { 'vpn-target': { type: { kind: 'route-distinguisher' }, help: 'VPN target (e.g. 100:1 or 1.1.1.1:1)' } },
  keywords: keywords(['vpn-target', 'both', 'export-extcommunity', 'import-extcommunity', 'all', 'undo'], { all: 'Delete all VPN targets' }),
  views: [VIEW.vpnInstance, VIEW.vpnInstanceAfIpv4, VIEW.vpnInstanceAfIpv6],
  level: 2,
  run(ctx, args) {
    const family = familyOfFrame(ctx, ctx.frame);
    if (!family) return;
    const kw = args.keywords;
    const exp = !kw.includes('import-extcommunity');
    const imp = !kw.includes('export-extcommunity');
    const targets = targetsOf(args);
    if (args.undo) {
      if (kw.includes('all')) {
        delete family.exportTargets;
        delete family.importTargets;
        return;
      }
      const missing = targets.some((t) => (exp && !family.exportTargets?.includes(t)) || (imp && !family.importTargets?.includes(t)));
      if (missing) return ctx.print(MSG.configMissing);
      if (exp) family.exportTargets = family.exportTargets!.filter((t) => !targets.includes(t));
      if (imp) family.importTargets = family.importTargets!.filter((t) => !targets.includes(t));
      if (family.exportTargets?.length === 0) delete family.exportTargets;
      if (family.importTargets?.length === 0) delete family.importTargets;
      return;
    }
    if (family.routeDistinguisher === undefined) return ctx.print(MSG.rdMissing);
    const add = (list: string[] | undefined) => [...(list ?? []), ...targets.filter((t) => !list?.includes(t))];
    if (exp) family.exportTargets = add(family.exportTargets);
    if (imp) family.importTargets = add(family.importTargets);
  },
});

/** Every `vpn-target` value typed on the line (one per repetition of `&<1-8>`). */
function targetsOf(args: CommandArgs): string[] {
  return [...new Set((args.repeats[0] ?? []).map((r) => String(r.params['vpn-target'])))];
}
