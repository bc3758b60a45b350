import { describe, expect, it } from 'vitest';
import { eventually } from './lab-harness.js';
import { pmbmpdLabPerTest } from './interop-harness.js';
import { STAGED_POLICY_LINES, everyStageSession } from './policy-lab.js';

/**
 * Routing policy as an independent collector (pmacct's pmbmpd) reads it:
 * each BMP view carries its own stage of the router's routes. An import
 * filter shows in pre- and not in post-policy, an import policy's community
 * in post-policy only, local preference picks the Loc-RIB's best path, an
 * export filter shows in Adj-RIB-Out pre- and not in post-policy, and taking
 * a filter away and back produces live announcements and withdrawals.
 */
const pmbmpd = pmbmpdLabPerTest();

type Rec = Record<string, unknown>;

describe('pmbmpd reads the stages of routing policy', () => {
  it('sees pre- and post-policy, Loc-RIB and Adj-RIB-Out tell different stories', async () => {
    const { pm, type } = await pmbmpd.start();
    const out = type('system-view', ...STAGED_POLICY_LINES, 'bmp', 'statistics-timer 15', ...everyStageSession('127.0.0.1', pm.port), 'commit', 'return');
    expect(out).not.toContain('Error');
    const log = () => pm.messages();
    const monitored = (peer: string, view: { post?: 0 | 1; out?: 0 | 1; loc?: 1 }, logType = 'update'): Rec[] =>
      log().filter(
        (r) =>
          r['bmp_msg_type'] === 'route_monitor' &&
          r['peer_ip'] === peer &&
          r['log_type'] === logType &&
          (view.loc ? r['is_loc'] === 1 : r['is_post'] === view.post && (r['is_out'] ?? 0) === (view.out ?? 0)),
      );
    const prefixes = (rs: Rec[]) => [...new Set(rs.map((r) => String(r['ip_prefix'])))].sort();
    const pre = { post: 0 as const };
    const post = { post: 1 as const };

    // Adj-RIB-In: the denied prefix reached pre-policy only.
    await eventually(() => prefixes(monitored('10.2.2.2', pre)).length === 5 && prefixes(monitored('10.2.2.2', post)).length === 4, 10_000);
    expect(prefixes(monitored('10.2.2.2', pre))).toContain('198.18.1.0/24');
    expect(prefixes(monitored('10.2.2.2', post))).not.toContain('198.18.1.0/24');

    // The community the import policy adds is in post-policy, not in pre-policy.
    const in203 = (view: { post: 0 | 1 }) => monitored('10.2.2.2', view).find((r) => r['ip_prefix'] === '203.0.113.0/24')!;
    expect(String(in203(pre)['comms'])).toBe('200:1');
    expect(String(in203(post)['comms']).split(' ').sort()).toEqual(['100:200', '200:1']);

    // Local preference 200 on AS 300's 198.18.0.0/24 beats AS 200's shorter path in the Loc-RIB.
    // (Each neighbor's routes arrive in their own time: the Loc-RIB settles once both have.)
    const lastInLocRib = (prefix: string) =>
      monitored('0.0.0.0', { loc: 1 })
        .filter((r) => r['ip_prefix'] === prefix)
        .at(-1);
    await eventually(() => lastInLocRib('198.18.0.0/24')?.['as_path'] === '300 64520', 10_000);
    expect(lastInLocRib('198.18.0.0/24')).toMatchObject({ as_path: '300 64520', local_pref: 200 });
    // 198.18.4.0/24 has no policy: the shorter AS path (via AS 300) wins.
    await eventually(() => lastInLocRib('198.18.4.0/24')?.['as_path'] === '300', 10_000);

    // Adj-RIB-Out towards 10.3.3.3: 203.0.113.0/24 is selected (pre-policy) but the export filter keeps it back.
    await eventually(() => prefixes(monitored('10.3.3.3', { post: 1, out: 1 })).length > 0, 10_000);
    expect(prefixes(monitored('10.3.3.3', { post: 0, out: 1 }))).toContain('203.0.113.0/24');
    expect(prefixes(monitored('10.3.3.3', { post: 1, out: 1 }))).not.toContain('203.0.113.0/24');
    // What went out carries our AS first.
    const sent = monitored('10.3.3.3', { post: 1, out: 1 }).find((r) => r['ip_prefix'] === '192.0.2.128/25');
    expect(sent?.['as_path']).toBe('100 200 64510');

    // Statistics: counter type 0 (prefixes rejected by inbound policy) for the filtered peer.
    await eventually(() => log().some((r) => r['bmp_msg_type'] === 'stats' && r['peer_ip'] === '10.2.2.2' && r['counter_type'] === 0 && Number(r['counter_value']) >= 1), 10_000);

    // The filter taken away: 198.18.1.0/24 is announced live in post-policy; put back: withdrawn.
    type('system-view', 'bgp 100', 'undo peer 10.2.2.2 route-policy from-200 import', 'commit', 'return');
    await eventually(() => prefixes(monitored('10.2.2.2', post)).includes('198.18.1.0/24'), 10_000);
    type('system-view', 'bgp 100', 'peer 10.2.2.2 route-policy from-200 import', 'commit', 'return');
    await eventually(() => prefixes(monitored('10.2.2.2', post, 'withdraw')).includes('198.18.1.0/24'), 10_000);
    // Nothing else was withdrawn from post-policy, and pre-policy saw no change at all.
    expect(prefixes(monitored('10.2.2.2', post, 'withdraw'))).toEqual(['198.18.1.0/24']);
    expect(monitored('10.2.2.2', pre, 'withdraw')).toEqual([]);

    expect(pm.problems()).toEqual([]);
  });
});
