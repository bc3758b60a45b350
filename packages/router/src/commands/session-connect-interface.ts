import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandArgs } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { currentSession } from './helpers.js';
import { INTERFACE_NAME, INTERFACE_NUMBER, INTERFACE_TYPE, IPV4, IPV6 } from './params.js';

/** The source as VRP prints it back: `LoopBack0`, `10.1.1.1`, `LoopBack0 10.1.1.1`. */
export function sourceText(args: CommandArgs): string | undefined {
  const p = args.params;
  const type = p['interface-type'];
  const iface = p['interface-name'] ?? (type !== undefined ? `${type}${p['interface-number']}` : undefined);
  const address = p['ipv4-source-address'] ?? p['ipv6-source-address'];
  const parts = [iface, address].filter((x) => x !== undefined).map(String);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * `connect-interface` (BMP session view, level 2): the source interface or
 * address of this session's TCP connection; overrides the BMP-view value
 * (docs/vrp-behaviour.md §2.6). IPv4 and IPv6 forms.
 */
export const sessionConnectInterface = defineCommand<CommandContext>({
  id: 'connect-interface-session',
  summary: 'Specifies the source interface or address of the TCP connection of a BMP session.',
  syntax: [
    'connect-interface { interface-name | ipv4-source-address | interface-type interface-number | interface-name ipv4-source-address | interface-type interface-number ipv4-source-address }',
    'connect-interface { ipv6-source-address | interface-name ipv6-source-address | interface-type interface-number ipv6-source-address }',
    'undo connect-interface',
    'undo connect-interface { interface-name | ipv4-source-address | interface-type interface-number | interface-name ipv4-source-address | interface-type interface-number ipv4-source-address }',
  ],
  params: {
    'interface-name': INTERFACE_NAME,
    'interface-type': INTERFACE_TYPE,
    'interface-number': INTERFACE_NUMBER,
    'ipv4-source-address': IPV4('Source IPv4 address'),
    'ipv6-source-address': IPV6('Source IPv6 address'),
  },
  keywords: keywords(['connect-interface', 'undo']),
  views: [VIEW.bmpSession],
  level: 2,
  run(ctx, args) {
    const session = currentSession(ctx);
    if (!session) return ctx.print(MSG.sessionMissing);
    const source = sourceText(args);
    if (!args.undo) {
      session.connectInterface = source!;
      return;
    }
    if (source !== undefined && session.connectInterface !== source) return ctx.print(MSG.configMissing);
    delete session.connectInterface;
  },
});
