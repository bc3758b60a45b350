import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { VPN_NAME } from './params.js';

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
      return;
    }
    if (!list.includes(name)) list.push(name);
    ctx.enter({ view: 'vpn-instance', name });
  },
});

/** `ipv4-family` (VPN instance view): enters `[*HUAWEI-vpn-instance-vpn1-af-ipv4]`. */
export const vpnIpv4Family = defineCommand<CommandContext>({
  id: 'vpn-instance-ipv4-family',
  summary: 'Enables the IPv4 address family of a VPN instance and displays its view.',
  syntax: ['ipv4-family', 'undo ipv4-family'],
  keywords: keywords(['ipv4-family', 'undo']),
  views: [VIEW.vpnInstance],
  level: 2,
  run(ctx, args) {
    const frame = ctx.frame;
    if (frame.view !== 'vpn-instance') return;
    const all = (ctx.candidate.vpnInstanceSettings ??= {});
    const settings = (all[frame.name] ??= {});
    if (args.undo) {
      if (!settings.ipv4Family) return ctx.print(MSG.configMissing);
      delete settings.ipv4Family;
      return;
    }
    settings.ipv4Family ??= {};
    ctx.enter({ view: 'vpn-instance-af-ipv4', name: frame.name });
  },
});

/**
 * `route-distinguisher` (VPN instance IPv4 family view): the RD, e.g.
 * `100:1`. ⚠ INFERRED: as on VRP, a set RD cannot be changed, only deleted.
 */
export const routeDistinguisher = defineCommand<CommandContext>({
  id: 'route-distinguisher',
  summary: 'Configures a route distinguisher (RD) for the IPv4 address family of a VPN instance.',
  syntax: ['route-distinguisher route-distinguisher', 'undo route-distinguisher route-distinguisher'],
  params: { 'route-distinguisher': { type: { kind: 'route-distinguisher' }, help: 'Route distinguisher (e.g. 100:1 or 1.1.1.1:1)' } },
  keywords: keywords(['route-distinguisher', 'undo']),
  views: [VIEW.vpnInstanceAfIpv4],
  level: 2,
  run(ctx, args) {
    const frame = ctx.frame;
    if (frame.view !== 'vpn-instance-af-ipv4') return;
    const family = (((ctx.candidate.vpnInstanceSettings ??= {})[frame.name] ??= {}).ipv4Family ??= {});
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
