import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { keywords } from './keywords.js';
import { VTY_NUMBER_MAX } from '../config/user-interface.js';

/**
 * `user-interface vty FIRST [ LAST ]` (system view, level 3): the VTY user
 * interface view of one line or a range, prompt `[~HUAWEI-ui-vty0-4]` (the
 * NetEngine command pages' example). ⚠ INFERRED: a single line's prompt is
 * `ui-vty2`; the range 0–20; LAST below FIRST counts as the same range.
 */
export const userInterfaceVty = defineCommand<CommandContext>({
  id: 'user-interface-vty',
  summary: 'Displays the VTY user interface view of one or more VTY lines.',
  syntax: ['user-interface vty first-ui-number [ last-ui-number ]'],
  params: {
    'first-ui-number': { type: { kind: 'integer', min: 0, max: VTY_NUMBER_MAX }, help: 'Number of the first VTY user interface' },
    'last-ui-number': { type: { kind: 'integer', min: 0, max: VTY_NUMBER_MAX }, help: 'Number of the last VTY user interface' },
  },
  keywords: keywords([], { 'user-interface': 'Enter the user interface view', vty: 'Virtual terminal (VTY) user interfaces' }),
  views: [VIEW.system],
  level: 3,
  run(ctx, args) {
    const a = Number(args.params['first-ui-number']);
    const b = args.params['last-ui-number'] === undefined ? a : Number(args.params['last-ui-number']);
    ctx.enter({ view: 'ui-vty', first: Math.min(a, b), last: Math.max(a, b) });
  },
});

/**
 * `idle-timeout MINUTES [ SECONDS ]` / `undo idle-timeout` (VTY user
 * interface view, level 3): a user of these lines who types nothing for this
 * long is disconnected; `idle-timeout 0 0` never; the default is 10 minutes
 * (NetEngine command pages: minutes 0–35791, seconds 0–59). Measured in
 * protocol time (BMPLAB_TIME_SCALE speeds it up like every protocol timer).
 */
export const idleTimeout = defineCommand<CommandContext>({
  id: 'idle-timeout',
  summary: 'Sets the time after which an idle user of the VTY user interfaces is disconnected.',
  syntax: ['idle-timeout minutes [ seconds ]', 'undo idle-timeout'],
  params: {
    minutes: { type: { kind: 'integer', min: 0, max: 35791 }, help: 'Timeout in minutes' },
    seconds: { type: { kind: 'integer', min: 0, max: 59 }, help: 'Timeout in seconds' },
  },
  keywords: keywords(['undo'], { 'idle-timeout': 'Set the idle timeout of the user interfaces' }),
  views: [VIEW.uiVty],
  level: 3,
  run(ctx, args) {
    const f = ctx.frame;
    if (f.view !== 'ui-vty') return;
    const timeouts = (ctx.candidate.vtyIdleTimeouts ??= {});
    const seconds = args.undo ? null : Number(args.params['minutes']) * 60 + Number(args.params['seconds'] ?? 0);
    for (let n = f.first; n <= f.last; n++) {
      if (seconds === null || seconds === 600) delete timeouts[String(n)];
      else timeouts[String(n)] = seconds;
    }
    if (Object.keys(timeouts).length === 0) delete ctx.candidate.vtyIdleTimeouts;
  },
});
