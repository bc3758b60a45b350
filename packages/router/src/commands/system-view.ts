import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { keywords } from './keywords.js';

/** `system-view` (user view, level 2): docs/vrp-behaviour.md §3.1; two-phase mode, the VRP8 default. */
export const systemView = defineCommand<CommandContext>({
  id: 'system-view',
  summary: 'Enters the system view from the user view.',
  syntax: ['system-view'],
  keywords: keywords(['system-view']),
  views: [VIEW.user],
  level: 2,
  run(ctx) {
    ctx.print('Enter system view, return user view with return command.');
    ctx.enter({ view: 'system' });
  },
});
