import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { SHARED_KEYWORDS } from './keywords.js';
import { sessionKey } from '../config/device-config.js';

/**
 * `tcp connect port` (BMP session view, level 2): reference §2.5. The device
 * opens the connection itself (`connect`); no port is set by default.
 */
export const tcpConnectPort = defineCommand<CommandContext>({
  id: 'tcp-connect-port',
  summary: 'Configures parameters for the TCP connection between the device and a monitoring server.',
  syntax: ['tcp connect port port-number', 'undo tcp connect port port-number', 'undo tcp connect port'],
  params: {
    'port-number': { type: { kind: 'integer', min: 1, max: 65535 }, help: 'Port number of the TCP connection' },
  },
  keywords: {
    tcp: 'TCP connection parameters',
    connect: 'The device initiates the TCP connection',
    port: 'Port of the monitoring server',
    undo: SHARED_KEYWORDS.undo,
  },
  views: [VIEW.bmpSession],
  level: 2,
  run(ctx, args) {
    const frame = ctx.frame;
    if (frame.view !== 'bmp-session') return;
    const session = ctx.candidate.bmp?.sessions.find((s) => sessionKey(s) === frame.sessionKey);
    if (!session) return ctx.print('Error: The BMP session does not exist.');
    const port = args.params['port-number'];
    if (!args.undo) {
      session.port = Number(port);
      return;
    }
    // ⚠ INFERRED: undoing a port that is not the configured one changes nothing and says so.
    if (port !== undefined && session.port !== port) return ctx.print('Error: The configuration does not exist.');
    session.port = null;
  },
});
