import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { ALL_VIEWS } from '../console/views.js';
import { keywords } from './keywords.js';
import type { VtyUser } from '../console/vty.js';

const HEADER = '  User-Intf    Delay    Type   Network Address     AuthenStatus    AuthorcmdFlag';

/** `00:23:36`: hours, minutes, seconds. */
function delay(ms: number): string {
  const s = Math.floor(Math.max(0, ms) / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/**
 * One user as VRP lists it: `+` marks the user's own line, then the absolute
 * and relative line numbers, the idle time, how the user came in and from
 * where, and the name on a line of its own (column layout of VRP captures).
 * ⚠ INFERRED: `WEB` for a browser console and `API` for a REST CLI run (no VRP
 * device has them); trailing blanks are not printed.
 */
export function displayUsersLines(users: readonly VtyUser[], self: number | null): string[] {
  const out = [HEADER];
  for (const u of users) {
    const row =
      `${u.number === self ? '+' : ' '} ${String(u.absolute).padEnd(3)} ${`VTY ${u.number}`.padEnd(5)}   ${delay(u.idleMs)}  ` +
      `${u.protocol.padEnd(3)}    ${u.address.padEnd(26)}pass`;
    out.push(row, `  Username : ${u.user ?? 'Unspecified'}`, '');
  }
  return out;
}

/**
 * `display users` (all views, level 1): who is logged in on the device's
 * VTYs — browser consoles, SSH and Telnet sessions, REST CLI runs — with
 * their idle time. ⚠ INFERRED: level 1 (a monitoring display); the `all`
 * option (idle lines too) is not emulated.
 */
export const displayUsers = defineCommand<CommandContext>({
  id: 'display-users',
  summary: 'Displays information about the users logged in to the user interfaces.',
  syntax: ['display users'],
  keywords: keywords(['display'], { users: 'User information of the user interfaces' }),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx) {
    const table = ctx.vtyUsers?.() ?? { users: [], self: null };
    ctx.print(...displayUsersLines(table.users, table.self));
  },
});
