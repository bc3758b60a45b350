import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { startPmbmpd } from '@bmp-lab/test-support';
import type { Pmbmpd } from '@bmp-lab/test-support';
import { STAGED_POLICY_LINES, everyStageSession } from './policy-lab.js';

/**
 * The station's pmacct export against pmacct itself: the lab's router
 * reports the same monitors (Adj-RIB-In pre/post-policy with an import
 * policy so they differ, Adj-RIB-Out pre/post, Loc-RIB) to the embedded
 * station and to a real pmbmpd, then a live policy change; the export's
 * Route Monitoring records must equal pmbmpd's one for one (as multisets).
 *
 * Compared: bmp_msg_type, log_type, peer_ip, the view flags, afi, safi,
 * ip_prefix, bgp_nexthop, as_path, comms, ecomms, lcomms, origin,
 * local_pref, med, rd. Left out: what each collector fills from its own
 * clock, counters or socket (seq, timestamp_arrival, bmp_router_port) and
 * the per-peer header timestamp (each BMP session stamps its own messages).
 */
let server: RunningServer;
let pm: Pmbmpd;
beforeAll(async () => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
  pm = await startPmbmpd();
});
afterAll(async () => {
  await server?.close();
  await pm?.stop();
});

type Rec = Record<string, unknown>;
const COMPARED = [
  'bmp_msg_type',
  'log_type',
  'peer_ip',
  'is_in',
  'is_out',
  'is_post',
  'is_loc',
  'is_filtered',
  'afi',
  'safi',
  'ip_prefix',
  'bgp_nexthop',
  'as_path',
  'comms',
  'ecomms',
  'lcomms',
  'origin',
  'local_pref',
  'med',
  'rd',
];
const normalize = (rs: Rec[]): string[] =>
  rs
    .filter((r) => r['bmp_msg_type'] === 'route_monitor')
    .map((r) => JSON.stringify(COMPARED.map((k) => [k, r[k] ?? null])))
    .sort();

describe('the station exports what pmbmpd logs', () => {
  it('Route Monitoring records equal pmbmpd’s, every view, announcements and withdrawals', async () => {
    const terminal = server.lab.device.openTerminal();
    terminal.open();
    const type = (...lines: string[]) => lines.map((l) => terminal.input(l + '\r')).join('');
    const out = type('system-view', ...STAGED_POLICY_LINES, 'bmp', ...everyStageSession('10.1.1.1', 1790), ...everyStageSession('127.0.0.1', pm.port), 'commit', 'return');
    expect(out).not.toContain('Error');

    const exported = async (): Promise<Rec[]> => {
      const res = await fetch(`${server.url}/api/labs/default/station/export?format=pmacct`);
      expect(res.headers.get('content-type')).toBe('application/x-ndjson');
      return (await res.text())
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Rec);
    };
    const same = async () => {
      const a = normalize(await exported());
      const b = normalize(pm.messages());
      return a.length > 0 && a.length === b.length && a.every((x, i) => x === b[i]);
    };
    const settle = async (ms: number) => {
      const until = Date.now() + ms;
      while (!(await same())) {
        if (Date.now() > until) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    // Both sessions dump every view; the Loc-RIB settles once both neighbors' routes are in.
    await eventually(() => pm.messages().some((r) => r['is_loc'] === 1 && r['ip_prefix'] === '198.18.0.0/24' && r['as_path'] === '300 64520'), 15_000);
    await settle(10_000);
    // A live change: the filter taken away (announcements) and put back (withdrawals).
    type('system-view', 'bgp 100', 'undo peer 10.2.2.2 route-policy from-200 import', 'commit', 'return');
    await eventually(() => pm.messages().some((r) => r['ip_prefix'] === '198.18.1.0/24' && r['is_post'] === 1 && r['is_in'] === 1), 10_000);
    type('system-view', 'bgp 100', 'peer 10.2.2.2 route-policy from-200 import', 'commit', 'return');
    await eventually(() => pm.messages().some((r) => r['ip_prefix'] === '198.18.1.0/24' && r['is_post'] === 1 && r['log_type'] === 'withdraw'), 10_000);
    await settle(10_000);

    const ours = normalize(await exported());
    const theirs = normalize(pm.messages());
    expect(ours).toEqual(theirs);
    // It is a real comparison: every view, both kinds of record.
    const views = new Set(theirs.map((s) => JSON.stringify((JSON.parse(s) as [string, unknown][]).filter(([k]) => k.startsWith('is_')))));
    expect(views.size).toBe(5);
    expect(theirs.some((s) => s.includes('"withdraw"'))).toBe(true);
    expect(pm.problems()).toEqual([]);
  });
});
