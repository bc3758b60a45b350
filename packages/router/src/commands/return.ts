import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { ALL_VIEWS } from '../console/views.js';

/** `return` (all views, level 0): to the user view; nothing in the user view (reference §3.2). */
export const returnCommand = defineCommand<CommandContext>({
  id: 'return',
  summary: 'Returns to the user view from any other view.',
  syntax: ['return'],
  keywords: { return: 'Enter the privileged mode' },
  views: ALL_VIEWS,
  level: 0,
  run(ctx) {
    ctx.returnToUser();
  },
});
