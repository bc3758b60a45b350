import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { SHARED_KEYWORDS } from './keywords.js';

/** `ip vpn-instance` (system view, level 2): creates a VPN instance and enters its view (reference §4). */
export const ipVpnInstance = defineCommand<CommandContext>({
  id: 'ip-vpn-instance',
  summary: 'Creates a VPN instance and displays the VPN instance view.',
  syntax: ['ip vpn-instance vpn-instance-name', 'undo ip vpn-instance vpn-instance-name'],
  params: {
    'vpn-instance-name': {
      type: { kind: 'string', min: 1, max: 31, caseSensitive: true, forbidden: ['_public_'] },
      help: 'VPN-Instance name',
    },
  },
  keywords: { ip: 'Specify IP configuration', 'vpn-instance': 'VPN-Instance', undo: SHARED_KEYWORDS.undo },
  views: [VIEW.system],
  level: 2,
  run(ctx, args) {
    const name = String(args.params['vpn-instance-name']);
    const list = ctx.candidate.vpnInstances;
    if (args.undo) {
      if (!list.includes(name)) return ctx.print('Error: The VPN instance does not exist.');
      ctx.candidate.vpnInstances = list.filter((n) => n !== name);
      return;
    }
    if (!list.includes(name)) list.push(name);
    ctx.enter({ view: 'vpn-instance', name });
  },
});
