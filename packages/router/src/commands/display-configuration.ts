import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { ALL_VIEWS } from '../console/views.js';
import { renderBmp, renderConfig, renderSession } from '../config/render-config.js';
import { sessionKey } from '../config/device-config.js';
import { SHARED_KEYWORDS } from './keywords.js';

/** Software version line of the emulated NE40E (matches the Initiation's sysDescr). */
const SOFTWARE_VERSION = 'V800R021C00SPC090T';

/**
 * `display current-configuration` (all views, level 3): the running
 * configuration, defaults and uncommitted changes hidden (reference §3.5).
 */
export const displayCurrentConfiguration = defineCommand<CommandContext>({
  id: 'display-current-configuration',
  summary: 'Displays the configurations currently running on the device.',
  syntax: ['display current-configuration'],
  keywords: { display: SHARED_KEYWORDS.display, 'current-configuration': 'Current configuration' },
  views: ALL_VIEWS,
  level: 3,
  run(ctx) {
    ctx.print(`!Software Version ${SOFTWARE_VERSION}`, ...renderConfig(ctx.running));
  },
});

/**
 * `display this` (all views, level 1): the running configuration of the
 * current view, then `return` (reference §3.5; ⚠ INFERRED for the BMP views).
 */
export const displayThis = defineCommand<CommandContext>({
  id: 'display-this',
  summary: 'Displays the running configuration in the current view.',
  syntax: ['display this'],
  keywords: { display: SHARED_KEYWORDS.display, this: 'Current view configuration' },
  views: ALL_VIEWS,
  level: 1,
  run(ctx) {
    const frame = ctx.frame;
    let body: string[];
    switch (frame.view) {
      case 'bmp':
        body = renderBmp(ctx.running);
        break;
      case 'bmp-session': {
        const s = ctx.running.bmp?.sessions.find((x) => sessionKey(x) === frame.sessionKey);
        body = s ? renderSession(s) : [];
        break;
      }
      case 'vpn-instance':
        body = ctx.running.vpnInstances.includes(frame.name) ? [`ip vpn-instance ${frame.name}`] : [];
        break;
      default:
        body = [`sysname ${ctx.running.sysname}`];
    }
    ctx.print('#', ...body, ...(body.length > 0 ? ['#'] : []), 'return');
  },
});

