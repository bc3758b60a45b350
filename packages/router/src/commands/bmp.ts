import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { SHARED_KEYWORDS } from './keywords.js';

/**
 * `bmp` / `undo bmp` (system view, level 2): reference §2.1. `bmp` starts BMP
 * and enters the BMP view; `undo bmp` removes all BMP configuration.
 */
export const bmp = defineCommand<CommandContext>({
  id: 'bmp',
  summary: 'Enables BMP and displays the BMP view, or displays the BMP view directly if BMP is enabled.',
  syntax: ['bmp', 'undo bmp'],
  keywords: { bmp: 'BGP Monitoring Protocol (BMP)', undo: SHARED_KEYWORDS.undo },
  views: [VIEW.system],
  level: 2,
  run(ctx, args) {
    if (args.undo) {
      // ⚠ INFERRED: Huawei does not document a confirmation for `undo bmp`.
      ctx.candidate.bmp = null;
      return;
    }
    ctx.candidate.bmp ??= { sessions: [] };
    ctx.enter({ view: 'bmp' });
  },
});
