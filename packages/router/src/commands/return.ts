import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { ALL_VIEWS } from '../console/views.js';
import { keywords } from './keywords.js';

/** `return` (all views, level 0): to the user view; nothing in the user view; Ctrl+Z does the same (docs/vrp-behaviour.md §3.2). */
export const returnCommand = defineCommand<CommandContext>({
  id: 'return',
  summary: 'Returns to the user view from any other view.',
  syntax: ['return'],
  keywords: keywords(['return']),
  views: ALL_VIEWS,
  level: 0,
  run(ctx) {
    ctx.returnToUser();
  },
});
