import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { findSession, sessionKey } from '../config/device-config.js';
import type { BmpSessionId } from '../config/device-config.js';
import { SHARED_KEYWORDS } from './keywords.js';

/**
 * `bmp-session` (BMP view, level 2): the seed page, plus its `alias` form
 * (reference §2.4). "By default, no BMP session address is set for a BMP
 * device. In this case, the client is not in TCP connections with any
 * monitoring servers."
 */
export const bmpSession = defineCommand<CommandContext>({
  id: 'bmp-session',
  summary: 'Specifies a BMP session address for a BMP device to set up a TCP connection with a monitoring server.',
  syntax: [
    'bmp-session [ vpn-instance vrf-name ] ipv4-address',
    'undo bmp-session [ vpn-instance vrf-name ] ipv4-address',
    'bmp-session [ vpn-instance vrf-name ] ipv4-address alias alias-name',
    'undo bmp-session [ vpn-instance vrf-name ] ipv4-address alias alias-name',
  ],
  params: {
    'vrf-name': {
      // "a string of 1 to 31 case-sensitive characters, spaces not supported. In addition,
      // the VPN instance name must not be _public_. When double quotation marks are used
      // around the string, spaces are allowed in the string."
      type: { kind: 'string', min: 1, max: 31, caseSensitive: true, forbidden: ['_public_'] },
      help: 'VPN-Instance name',
    },
    'ipv4-address': { type: { kind: 'ipv4' }, help: 'IPv4 address of a BMP session' },
    'alias-name': {
      type: { kind: 'string', min: 1, max: 31, caseSensitive: true },
      help: 'Alias name of the BMP session',
    },
  },
  keywords: {
    'bmp-session': 'Set BMP session address',
    'vpn-instance': 'VPN-Instance',
    alias: 'Alias of the BMP session',
    undo: SHARED_KEYWORDS.undo,
  },
  views: [VIEW.bmp],
  level: 2,
  run(ctx, args) {
    const id: BmpSessionId = {
      address: String(args.params['ipv4-address']),
      vpnInstance: args.params['vrf-name'] === undefined ? null : String(args.params['vrf-name']),
      alias: args.params['alias-name'] === undefined ? null : String(args.params['alias-name']),
    };
    const bmp = (ctx.candidate.bmp ??= { sessions: [] });
    const existing = findSession(ctx.candidate, id);
    if (args.undo) {
      // ⚠ INFERRED wording: Huawei documents no message for removing a session that does not exist.
      if (!existing) return ctx.print('Error: The BMP session does not exist.');
      bmp.sessions = bmp.sessions.filter((s) => s !== existing);
      return;
    }
    if (id.vpnInstance !== null && !ctx.candidate.vpnInstances.includes(id.vpnInstance)) {
      // ⚠ INFERRED for bmp-session: the only device text found for a missing VPN instance (reference §2.4).
      return ctx.print('Error: The VPN instance does not exist.');
    }
    if (!existing) bmp.sessions.push({ ...id, port: null });
    ctx.enter({ view: 'bmp-session', sessionKey: sessionKey(id), address: id.address, alias: id.alias });
  },
});
