import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { findSession, sessionKey } from '../config/device-config.js';
import type { BmpSessionId } from '../config/device-config.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { ALIAS_NAME, IPV4, IPV6, VPN_NAME } from './params.js';
import { text } from './helpers.js';

/**
 * `bmp-session` (BMP view, level 2): the seed page, plus its `alias` and IPv6
 * forms (docs/vrp-behaviour.md §2.4). "By default, no BMP session address is set for a
 * BMP device. In this case, the client is not in TCP connections with any
 * monitoring servers." Several stations may be configured; the same address
 * is told apart by `alias`.
 */
export const bmpSession = defineCommand<CommandContext>({
  id: 'bmp-session',
  summary: 'Specifies a BMP session address for a BMP device to set up a TCP connection with a monitoring server.',
  syntax: [
    'bmp-session [ vpn-instance vrf-name ] ipv4-address',
    'undo bmp-session [ vpn-instance vrf-name ] ipv4-address',
    'bmp-session [ vpn-instance vrf-name ] ipv4-address alias alias-name',
    'undo bmp-session [ vpn-instance vrf-name ] ipv4-address alias alias-name',
    'bmp-session [ vpn-instance vpn-instance-name ] ipv6-address',
    'undo bmp-session [ vpn-instance vpn-instance-name ] ipv6-address',
    'bmp-session [ vpn-instance vrf-name ] ipv6-address alias alias-name',
    'undo bmp-session [ vpn-instance vrf-name ] ipv6-address alias alias-name',
  ],
  params: {
    'vrf-name': VPN_NAME,
    'vpn-instance-name': VPN_NAME,
    'ipv4-address': IPV4('IPv4 address of the BMP session'),
    'ipv6-address': IPV6('IPv6 address of the BMP session'),
    'alias-name': ALIAS_NAME,
  },
  keywords: keywords(['bmp-session', 'vpn-instance', 'alias', 'undo']),
  views: [VIEW.bmp],
  level: 2,
  run(ctx, args) {
    const p = args.params;
    const id: BmpSessionId = {
      address: String(p['ipv4-address'] ?? p['ipv6-address']),
      vpnInstance: text(p['vrf-name'] ?? p['vpn-instance-name']),
      alias: text(p['alias-name']),
    };
    const bmp = (ctx.candidate.bmp ??= { sessions: [] });
    const existing = findSession(ctx.candidate, id);
    if (args.undo) {
      if (!existing) return ctx.print(MSG.sessionMissing);
      bmp.sessions = bmp.sessions.filter((s) => s !== existing);
      return;
    }
    // The seed: the VPN instance must exist.
    if (id.vpnInstance !== null && !ctx.candidate.vpnInstances.includes(id.vpnInstance)) return ctx.print(MSG.vpnMissing);
    if (!existing) bmp.sessions.push({ ...id, port: null });
    ctx.enter({ view: 'bmp-session', sessionKey: sessionKey(id), address: id.address, alias: id.alias });
  },
});
