import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { ALL_VIEWS } from '../console/views.js';
import { keywords } from './keywords.js';

/**
 * `quit` (all views, level 0): up one view; in the user view it logs out
 * (docs/vrp-behaviour.md §3.2). Leaving the system view with uncommitted changes asks
 * first (§3.4); between sub-views it asks nothing.
 */
export const quit = defineCommand<CommandContext>({
  id: 'quit',
  summary: 'Exits from the current view to a lower-level view. If the current view is the user view, the system exits.',
  syntax: ['quit'],
  keywords: keywords(['quit']),
  views: ALL_VIEWS,
  level: 0,
  run(ctx) {
    ctx.quit();
  },
});
