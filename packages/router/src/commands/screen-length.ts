import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { keywords } from './keywords.js';

/**
 * `screen-length N temporary` (user view): lines per screen for this
 * terminal only; 0 turns the `---- More ----` pager off (docs/vrp-behaviour.md §3.5).
 * ⚠ INFERRED: the range 0–512 and level 1 (netmiko runs it at login).
 */
export const screenLength = defineCommand<CommandContext>({
  id: 'screen-length',
  summary: 'Sets the number of lines displayed on a terminal screen for the current session.',
  syntax: ['screen-length screen-length temporary'],
  params: { 'screen-length': { type: { kind: 'integer', min: 0, max: 512 }, help: 'Number of lines on a screen, 0 disables paging' } },
  keywords: keywords(['screen-length', 'temporary']),
  views: [VIEW.user],
  level: 1,
  run(ctx, args) {
    ctx.setScreenLength(Number(args.params['screen-length']));
    ctx.print('Info: The configuration takes effect on the current user terminal interface only.');
  },
});
