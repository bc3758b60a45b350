import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { IPV4 } from './params.js';

/**
 * `bmp` / `undo bmp` (system view, level 2): docs/vrp-behaviour.md §2.1. `bmp` starts BMP
 * and enters the BMP view; `undo bmp` removes all BMP configuration.
 */
export const bmp = defineCommand<CommandContext>({
  id: 'bmp',
  summary: 'Enables BMP and displays the BMP view, or displays the BMP view directly if BMP is enabled.',
  syntax: ['bmp', 'undo bmp'],
  keywords: keywords(['bmp', 'undo']),
  views: [VIEW.system],
  level: 2,
  run(ctx, args) {
    if (args.undo) {
      // ⚠ INFERRED: Huawei does not document a confirmation for `undo bmp` (docs/vrp-behaviour.md §2.1).
      ctx.candidate.bmp = null;
      return;
    }
    ctx.candidate.bmp ??= { sessions: [] };
    ctx.enter({ view: 'bmp' });
  },
});

/**
 * `statistics-timer` (BMP view, level 2): how often Statistics Reports are
 * sent, 15–65535 s, default 3600 (docs/vrp-behaviour.md §2.2).
 */
export const statisticsTimer = defineCommand<CommandContext>({
  id: 'statistics-timer',
  summary: 'Sets the interval at which the device sends BMP Statistics Report messages to the monitoring servers.',
  syntax: ['statistics-timer time', 'undo statistics-timer time', 'undo statistics-timer'],
  params: { time: { type: { kind: 'integer', min: 15, max: 65535 }, help: 'Interval, in seconds' } },
  keywords: keywords(['statistics-timer', 'undo']),
  views: [VIEW.bmp],
  level: 2,
  run(ctx, args) {
    const bmp = ctx.candidate.bmp;
    if (!bmp) return;
    const time = args.params['time'];
    if (!args.undo) {
      bmp.statisticsTimer = Number(time);
      return;
    }
    // ⚠ INFERRED: undoing a value that is not the configured one is refused.
    if (time !== undefined && bmp.statisticsTimer !== time) return ctx.print(MSG.configMissing);
    delete bmp.statisticsTimer;
  },
});

/**
 * `connect-interface` (BMP view, level 2): the IPv4 source address of every
 * IPv4 session without a source of its own (docs/vrp-behaviour.md §2.3). A repeated
 * command overwrites the earlier one.
 */
export const bmpConnectInterface = defineCommand<CommandContext>({
  id: 'connect-interface-bmp',
  summary: 'Specifies the source IPv4 address of the TCP connections of all BMP sessions that have none of their own.',
  syntax: ['connect-interface localIpv4Addr', 'undo connect-interface [ localIpv4Addr ]'],
  params: { localIpv4Addr: IPV4('Source IPv4 address') },
  keywords: keywords(['connect-interface', 'undo']),
  views: [VIEW.bmp],
  level: 2,
  run(ctx, args) {
    const bmp = ctx.candidate.bmp;
    if (!bmp) return;
    const address = args.params['localIpv4Addr'];
    if (!args.undo) {
      bmp.connectInterface = String(address);
      return;
    }
    if (address !== undefined && bmp.connectInterface !== address) return ctx.print(MSG.configMissing);
    delete bmp.connectInterface;
  },
});
