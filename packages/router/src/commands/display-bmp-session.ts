import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { ALL_VIEWS } from '../console/views.js';
import { formatAge } from '../console/format-age.js';
import { SHARED_KEYWORDS } from './keywords.js';

/**
 * `display bmp session [ vpn-instance vpn-instacne-name ]` (all views, level 1),
 * the summary table (reference §2.12; "vpn-instacne" is Huawei's spelling).
 * Column starts as measured on the NE40E sample: Session 2, Alias 19,
 * State 30, Age 41, VPN 56; header and rows padded to the same width.
 */
export const displayBmpSession = defineCommand<CommandContext>({
  id: 'display-bmp-session',
  summary: 'Displays the configurations of BMP sessions.',
  syntax: ['display bmp session [ vpn-instance vpn-instacne-name ]'],
  params: {
    'vpn-instacne-name': {
      type: { kind: 'string', min: 1, max: 31, caseSensitive: true, forbidden: ['_public_'] },
      help: 'VPN-Instance name',
    },
  },
  keywords: {
    display: SHARED_KEYWORDS.display,
    bmp: 'BGP Monitoring Protocol (BMP)',
    session: 'BMP session',
    'vpn-instance': 'VPN-Instance',
  },
  views: ALL_VIEWS,
  level: 1,
  run(ctx, args) {
    const vpn = args.params['vpn-instacne-name'];
    const sessions = ctx
      .bmpSessions()
      .filter((s) => vpn === undefined || s.id.vpnInstance === vpn);
    const up = sessions.filter((s) => s.state === 'up').length;
    ctx.print(`Total number of BMP session : ${sessions.length}`, ` Session in up state : ${up}`);
    // ⚠ INFERRED: with no session the device prints only the totals.
    if (sessions.length === 0) return;
    const row = (session: string, alias: string, state: string, age: string, vpnName: string) =>
      '  ' + session.padEnd(17) + alias.padEnd(11) + state.padEnd(11) + age.padEnd(15) + vpnName.padEnd(35);
    ctx.print(row('Session', 'Alias', 'State', 'Age', 'VPN'));
    for (const s of sessions) {
      ctx.print(
        row(
          s.id.address,
          s.id.alias ?? '',
          s.state === 'up' ? 'Up' : 'Down',
          formatAge(ctx.now() - s.since),
          s.id.vpnInstance ?? '_public_',
        ),
      );
    }
  },
});
