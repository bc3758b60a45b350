import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { CONFIG_VIEWS } from '../console/views.js';

/**
 * `commit` (all views except the user view, level 2): makes the candidate
 * running; stays in the view and only flips `*` to `~` (reference §3.3).
 */
export const commit = defineCommand<CommandContext>({
  id: 'commit',
  summary: 'Commits the configuration.',
  syntax: ['commit'],
  keywords: { commit: 'Commit configuration' },
  views: CONFIG_VIEWS,
  level: 2,
  run(ctx) {
    ctx.commit();
  },
});
