import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { currentSession } from './helpers.js';
import { passwordCipher } from './cipher.js';

/**
 * `tcp connect port` (BMP session view, level 2): docs/vrp-behaviour.md §2.5. The device
 * opens the connection itself (`connect`); no port is set by default, and a
 * session without one cannot come up. The MD5 password is stored as cipher
 * text only.
 */
export const tcpConnectPort = defineCommand<CommandContext>({
  id: 'tcp-connect-port',
  summary: 'Configures parameters for the TCP connection between the device and a monitoring server.',
  syntax: ['tcp connect port port-number [ password md5 cipher-password | keychain keychain-name ]', 'undo tcp connect port port-number', 'undo tcp connect port'],
  params: {
    'port-number': { type: { kind: 'integer', min: 1, max: 65535 }, help: 'Port number of the monitoring server' },
    'cipher-password': {
      // Case-sensitive, no spaces unless quoted; 1–255 plain, 20–432 cipher text (docs/vrp-behaviour.md §2.5).
      type: { kind: 'password', plainMin: 1, plainMax: 255, cipherMin: 20, cipherMax: 432 },
      help: 'The password (plain text or cipher text)',
    },
    'keychain-name': {
      // 1–47 case-insensitive characters, no `?`, no spaces unless quoted (docs/vrp-behaviour.md §2.5).
      type: { kind: 'string', min: 1, max: 47, caseSensitive: false },
      help: 'Keychain name',
    },
  },
  keywords: keywords(['tcp', 'connect', 'port', 'password', 'md5', 'keychain', 'undo']),
  views: [VIEW.bmpSession],
  level: 2,
  run(ctx, args) {
    const session = currentSession(ctx);
    if (!session) return ctx.print(MSG.sessionMissing);
    const port = args.params['port-number'];
    if (!args.undo) {
      session.port = Number(port);
      const password = args.params['cipher-password'];
      const keychain = args.params['keychain-name'];
      delete session.tcpAuthentication;
      if (password !== undefined) session.tcpAuthentication = { kind: 'md5', cipher: passwordCipher(String(password)) };
      // ⚠ INFERRED: the lab has no `keychain` command, so any keychain name is accepted
      // (a real device requires the keychain to exist, docs/vrp-behaviour.md §2.5).
      else if (keychain !== undefined) session.tcpAuthentication = { kind: 'keychain', name: String(keychain) };
      return;
    }
    // ⚠ INFERRED: undoing a port that is not the configured one changes nothing and says so.
    if (port !== undefined && session.port !== port) return ctx.print(MSG.configMissing);
    session.port = null;
    delete session.tcpAuthentication;
  },
});
