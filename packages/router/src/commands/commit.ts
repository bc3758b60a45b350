import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { CONFIG_VIEWS } from '../console/views.js';
import { keywords } from './keywords.js';

/**
 * `commit` (all views except the user view, level 2): makes the candidate
 * running; stays in the view and only flips `*` to `~` (docs/vrp-behaviour.md §3.3).
 * ⚠ INFERRED: `trial`, `label` and `description` are not emulated.
 */
export const commit = defineCommand<CommandContext>({
  id: 'commit',
  summary: 'Commits the configuration.',
  syntax: ['commit'],
  keywords: keywords(['commit']),
  views: CONFIG_VIEWS,
  level: 2,
  run(ctx) {
    ctx.commit();
  },
});

/**
 * `clear configuration candidate` (all views except the user view): discards
 * the uncommitted changes and returns to the system view (docs/vrp-behaviour.md §3.3).
 * ⚠ INFERRED: level 2 (a configuration command) and no output.
 */
export const clearConfigurationCandidate = defineCommand<CommandContext>({
  id: 'clear-configuration-candidate',
  summary: 'Discards the uncommitted configuration changes and returns to the system view.',
  syntax: ['clear configuration candidate'],
  keywords: keywords(['clear', 'configuration', 'candidate']),
  views: CONFIG_VIEWS,
  level: 2,
  run(ctx) {
    ctx.clearCandidate();
  },
});
