import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { ALL_VIEWS } from '../console/views.js';
import { formatAge } from '../console/format-age.js';
import { DEFAULT_STATISTICS_TIMER, sessionKey } from '../config/device-config.js';
import type { BmpSessionStatus } from '../bmp-client/bmp-session.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { ALIAS_NAME, IPV4, IPV6, VPN_NAME } from './params.js';
import { text } from './helpers.js';
import { BGP_FAMILIES, FAMILY } from '../bgp/family.js';

/**
 * `display bmp session [ vpn-instance vpn-instacne-name ] [ … verbose ]`
 * (all views, level 1): docs/vrp-behaviour.md §2.12 ("vpn-instacne" is Huawei's spelling).
 */
export const displayBmpSession = defineCommand<CommandContext>({
  id: 'display-bmp-session',
  summary: 'Displays the configurations and status of BMP sessions.',
  syntax: [
    'display bmp session [ vpn-instance vpn-instacne-name ]',
    'display bmp session [ vpn-instance vpn-instacne-name ] { ipv4-address | ipv6-address } verbose',
    'display bmp session [ vpn-instance vpn-instacne-name ] { ipv4-address | ipv6-address } alias alias-name verbose',
  ],
  params: {
    'vpn-instacne-name': VPN_NAME,
    'ipv4-address': IPV4('IPv4 address of the BMP session'),
    'ipv6-address': IPV6('IPv6 address of the BMP session'),
    'alias-name': ALIAS_NAME,
  },
  keywords: keywords(['display', 'bmp', 'session', 'vpn-instance', 'alias', 'verbose']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx, args) {
    const p = args.params;
    const vpn = text(p['vpn-instacne-name']);
    const address = p['ipv4-address'] ?? p['ipv6-address'];
    if (address === undefined) return summary(ctx, vpn);
    const key = sessionKey({ address: String(address), vpnInstance: vpn, alias: text(p['alias-name']) });
    const status = ctx.bmpSessions().find((s) => sessionKey(s.id) === key);
    const config = ctx.running.bmp?.sessions.find((s) => sessionKey(s) === key);
    if (!status || !config) return ctx.print(MSG.sessionMissing);
    ctx.print(...verbose(status, ctx.now(), (d) => ctx.timerRemaining(d)));
  },
});

/**
 * The summary table. Column starts as measured on the NE40E sample: Session 2,
 * Alias 19, State 30, Age 41, VPN 56; header and rows padded to the same width.
 */
function summary(ctx: CommandContext, vpn: string | null): void {
  const sessions = ctx.bmpSessions().filter((s) => vpn === null || s.id.vpnInstance === vpn);
  const up = sessions.filter((s) => s.state === 'up').length;
  ctx.print(`Total number of BMP session : ${sessions.length}`, ` Session in up state : ${up}`);
  // ⚠ INFERRED (docs/vrp-behaviour.md §2.12 gaps): with no session the device prints only the totals.
  if (sessions.length === 0) return;
  const row = (session: string, alias: string, state: string, age: string, vpnName: string) =>
    '  ' + session.padEnd(17) + alias.padEnd(11) + state.padEnd(11) + age.padEnd(15) + vpnName.padEnd(35);
  ctx.print(row('Session', 'Alias', 'State', 'Age', 'VPN'));
  for (const s of sessions) {
    ctx.print(row(s.id.address, s.id.alias ?? '', stateWord(s), formatAge(ctx.now() - s.since), s.id.vpnInstance ?? '_public_'));
  }
}

/** `connecting` is not up yet: VRP shows it as Down. */
function stateWord(s: BmpSessionStatus): 'Up' | 'Down' {
  return s.state === 'up' ? 'Up' : 'Down';
}

const SECONDS = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * The verbose form. ⚠ INFERRED choice between the two samples of reference
 * §2.12: the CloudEngine V300R023 layout (the newer release; it adds the
 * message counters and the Local-RIB pseudo-peer `0.0.0.0`) rather than the
 * older NE40E V800R012 one. A timer that is not running shows `0(s)`, as the
 * Up sample's ConnectRetry does.
 */
export function verbose(s: BmpSessionStatus, now: number, remaining: (deadline: number) => number = (d) => d - now): string[] {
  const state = stateWord(s);
  const reason = state === 'Down' && s.downReason ? ` (Reason: ${s.downReason})` : '';
  const lines = [
    `BMP session ${s.id.address}, port ${s.port ?? 0}`,
    `    Current state: ${state}${reason}, Age: ${formatAge(now - s.since)}`,
    `    VPN-instance name: ${s.id.vpnInstance ?? '_public_'}`,
    `    Local address: ${s.localAddress ?? '0.0.0.0'}, Local port: ${s.localPort ?? 0}`,
    `    Statistics timeout: ${s.statisticsTimer}(s)`,
    `    ConnectRetry Timer Remainder: ${s.connectRetryAt === null ? 0 : SECONDS(remaining(s.connectRetryAt))}(s)`,
    `    Statistics-report Timer Remainder: ${s.statisticsAt === null ? 0 : SECONDS(remaining(s.statisticsAt))}(s)`,
    `    Send Route Monitoring messages: ${s.sent['route-monitoring']}`,
    `    Send Statistics Report messages: ${s.sent['statistics-report']}`,
    `    Send Peer Down Notification messages: ${s.sent['peer-down']}`,
    `    Send Peer Up Notification messages: ${s.sent['peer-up']}`,
    `    Send Initiation messages: ${s.sent.initiation}`,
    `    Send Termination messages: ${s.sent.termination}`,
    // Route Policy and Attribute Trace messages (BMP type 100) of `trace-prefix`.
    `    Send Trace Route messages: ${s.sent['route-policy-trace']}`,
  ];
  return [...lines, ...monitoredPeers(s)];
}

/**
 * The monitored peers, from what the session reports (its feeds), one
 * section per address family. Loc-RIB shows as the pseudo-peer `0.0.0.0`,
 * first (the CE sample); then one line per peer and stream. ⚠ INFERRED: the
 * IPv6 unicast section follows the IPv4 one, headed `BGP ipv6-family
 * unicast :` (no sample shows one).
 */
function monitoredPeers(s: BmpSessionStatus): string[] {
  const label = (f: BmpSessionStatus['feeds'][number]) =>
    f.rib === 'loc-rib' ? 'local-rib' : `${f.rib === 'adj-rib-in' ? 'in' : 'out'} ${f.postPolicy ? 'post-policy' : 'pre-policy'}`;
  const out: string[] = [];
  // The CE page's sample heads VPNv4 peers `BGP ipv4-family vpnv4 :`; every family the lab carries gets its section.
  for (const family of BGP_FAMILIES) {
    const words = FAMILY[family].words;
    const feeds = s.feeds.filter((f) => (f.family ?? 'ipv4-unicast') === family && !f.vpnInstance);
    const loc = feeds.filter((f) => f.rib === 'loc-rib').map((f) => `  0.0.0.0   (${label(f)})`);
    const peers = feeds.filter((f) => f.rib !== 'loc-rib').map((f) => `  ${f.peer} (${label(f)})`);
    const lines = [...new Set([...loc, ...peers])];
    if (lines.length > 0) out.push(`  BGP ${words} :`, ...lines);
  }
  // ⚠ INFERRED: a VPN instance's peers and Loc-RIB (`monitor vpn-instance`) in a section per instance, named as its BGP view is.
  const vpns = [...new Set(s.feeds.flatMap((f) => (f.vpnInstance ? [f.vpnInstance] : [])))];
  for (const vpn of vpns) {
    const feeds = s.feeds.filter((f) => f.vpnInstance === vpn).sort((a, b) => Number(b.rib === 'loc-rib') - Number(a.rib === 'loc-rib'));
    const lines = feeds.map((f) => (f.rib === 'loc-rib' ? `  0.0.0.0   (${label(f)})` : `  ${f.peer} (${label(f)})`));
    out.push(`  BGP ipv4-family vpn-instance ${vpn} :`, ...new Set(lines));
  }
  return out;
}

/** `display default-parameter bmp` (all views, level 1): docs/vrp-behaviour.md §2.12, printed as the device does. */
export const displayDefaultParameterBmp = defineCommand<CommandContext>({
  id: 'display-default-parameter-bmp',
  summary: 'Displays the default BMP parameters.',
  syntax: ['display default-parameter bmp'],
  keywords: keywords(['display', 'default-parameter', 'bmp']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx) {
    ctx.print(`statistics-timer : ${DEFAULT_STATISTICS_TIMER}`, 'route-mode : post-policy');
  },
});

/**
 * `reset bmp session` (user view, level 2): drops the TCP connection and BMP
 * session and dials again, so that changed parameters take effect (reference
 * §2.11). ⚠ INFERRED: no output on success (the examples show none); a
 * session that does not run gets the same error as `undo bmp-session`.
 */
export const resetBmpSession = defineCommand<CommandContext>({
  id: 'reset-bmp-session',
  summary: 'Resets the TCP connections and BMP sessions between the device and monitoring servers.',
  syntax: ['reset bmp session [ vpn-instance vrf-name ] { ipv4Addr | ipv6Addr | all }', 'reset bmp session [ vpn-instance vrf-name ] { ipv4Addr | ipv6Addr } alias alias-name'],
  params: {
    'vrf-name': VPN_NAME,
    ipv4Addr: IPV4('IPv4 address of the BMP session'),
    ipv6Addr: IPV6('IPv6 address of the BMP session'),
    'alias-name': ALIAS_NAME,
  },
  keywords: keywords(['reset', 'bmp', 'session', 'vpn-instance', 'alias', 'all'], { all: 'All BMP sessions' }),
  views: ['user'],
  level: 2,
  run(ctx, args) {
    const p = args.params;
    const vpn = text(p['vrf-name']);
    if (vpn !== null && !ctx.running.vpnInstances.includes(vpn)) return ctx.print(MSG.vpnMissing);
    const address = p['ipv4Addr'] ?? p['ipv6Addr'];
    const running = ctx.bmpSessions();
    let keys: string[] | 'all';
    if (address === undefined) {
      keys = vpn === null ? 'all' : running.filter((s) => s.id.vpnInstance === vpn).map((s) => sessionKey(s.id));
    } else {
      const key = sessionKey({ address: String(address), vpnInstance: vpn, alias: text(p['alias-name']) });
      if (!running.some((s) => sessionKey(s.id) === key)) return ctx.print(MSG.sessionMissing);
      keys = [key];
    }
    ctx.resetBmpSessions(keys);
  },
});
