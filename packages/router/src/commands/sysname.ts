import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import { DEFAULT_SYSNAME } from '../config/device-config.js';
import { keywords } from './keywords.js';

/**
 * `sysname` (system view, level 3 on CE): the device name, 1–246 characters,
 * spaces allowed (in quotes); in two-phase mode the prompt changes only after
 * commit (docs/vrp-behaviour.md §3.1). `undo sysname` restores `HUAWEI`.
 */
export const sysname = defineCommand<CommandContext>({
  id: 'sysname',
  summary: 'Sets the host name of the device.',
  syntax: ['sysname host-name', 'undo sysname'],
  params: {
    'host-name': { type: { kind: 'string', min: 1, max: 246, caseSensitive: true }, help: 'Host name' },
  },
  keywords: keywords(['sysname', 'undo']),
  views: [VIEW.system],
  level: 3,
  run(ctx, args) {
    ctx.candidate.sysname = args.undo ? DEFAULT_SYSNAME : String(args.params['host-name']);
  },
});
