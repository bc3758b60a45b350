import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { ALL_VIEWS, VIEW } from '../console/views.js';
import { keywords } from './keywords.js';

/**
 * The BMP debugging switches, in the order `display debugging bmp` lists them
 * (the sample of Huawei's page "display debugging bmp"): session messages
 * (Initiation, Termination), Peer Up / Peer Down Notifications, Statistics
 * Reports, Route Monitoring.
 */
export const BMP_DEBUG_SWITCHES = ['session-msg', 'peer-notification', 'state-report', 'route-monitor'] as const;

/**
 * `debugging bmp { all | session-msg | peer-notification | state-report |
 * route-monitor }` and its `undo` (user view): turns BMP debugging switches
 * on or off. The lab keeps the state for `display debugging bmp` and prints
 * no debugging output: what VRP would print per message is not documented.
 * ⚠ INFERRED: the command's own page was not found; its keywords are the
 * switch names `display debugging bmp` prints, `all` and level 3 follow
 * Huawei's other `debugging` pages (user view, management level).
 */
export const debuggingBmp = defineCommand<CommandContext>({
  id: 'debugging-bmp',
  summary: 'Enables BMP debugging.',
  syntax: [
    'debugging bmp { all | session-msg | peer-notification | state-report | route-monitor }',
    'undo debugging bmp { all | session-msg | peer-notification | state-report | route-monitor }',
  ],
  keywords: keywords(['undo', 'debugging', 'bmp', 'all', 'session-msg', 'peer-notification', 'state-report', 'route-monitor'], {
    all: 'All BMP debugging functions',
  }),
  views: [VIEW.user],
  level: 3,
  run(ctx, args) {
    const switches = ctx.debugSwitches?.();
    if (!switches) return;
    const named = BMP_DEBUG_SWITCHES.filter((s) => args.keywords.includes(s));
    const chosen = args.keywords.includes('all') ? BMP_DEBUG_SWITCHES : named;
    for (const s of chosen) {
      if (args.undo) switches.delete(s);
      else switches.add(s);
    }
  },
});

/**
 * `display debugging bmp` (all views, level 1): one line per switch that is
 * on, `[BMP] :NAME(NULL) debugging switch is on`, as the page's sample.
 * ⚠ INFERRED: with no switch on it prints nothing.
 */
export const displayDebuggingBmp = defineCommand<CommandContext>({
  id: 'display-debugging-bmp',
  summary: 'Displays the enabled BMP debugging functions.',
  syntax: ['display debugging bmp'],
  keywords: keywords(['display', 'debugging', 'bmp']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx) {
    const on = ctx.debugSwitches?.() ?? new Set<string>();
    for (const s of BMP_DEBUG_SWITCHES) if (on.has(s)) ctx.print(`[BMP] :${s}(NULL) debugging switch is on`);
  },
});
