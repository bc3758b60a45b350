import { describe, expect, it } from 'vitest';
import { benchResult, meetsTarget } from '../lib/bench-result.mjs';
import { formatBenchTable, parseBenchResults } from '../lib/bench-table.mjs';

const line = (figure: Parameters<typeof benchResult>[0]) => `BENCH-RESULT ${JSON.stringify(benchResult(figure))}`;

// What two benches print: prose, their BENCH-RESULT lines, a line that only looks like one.
const output = [
  'Paste bench: peer lines pasted into [~HUAWEI-bgp] in one chunk',
  '    1000 lines:     40 ms,   40.0 µs/line  (match only: 3.0 µs/line)',
  line({
    name: 'paste-per-line',
    label: 'console paste, per line at 30k lines',
    value: 44.5,
    unit: 'µs',
    anchor: { name: 'per line at 1k', value: 40, unit: 'µs' },
    target: { maxRatio: 2, of: 'anchor' },
  }),
  'BENCH-RESULT {not json',
  'startup (node apps/server/dist/main.js, built; median of 3): /api/health after 412 ms',
  line({ name: 'startup-prompt', label: 'start to first prompt', value: 3512.4, unit: 'ms', target: { max: 3000 } }),
  line({ name: 'station-ingest', label: 'station ingest: 1M prefixes', value: 1.5, unit: 'M prefixes/s', anchor: null, target: { minRatio: 2, of: 'anchor' } }),
].join('\n');

describe('bench summary table', () => {
  it('reads only BENCH-RESULT lines, in order', () => {
    expect(parseBenchResults(output).map((r) => r.name)).toEqual(['paste-per-line', 'startup-prompt', 'station-ingest']);
  });

  it('formats each figure beside its anchor and target, with whether the bench met it', () => {
    const table = formatBenchTable(output);
    expect(table[0]).toMatch(/^\| figure +\| ours +\| anchor \(same run\) +\| target +\| ok +\|$/);
    expect(table).toHaveLength(5);
    const [paste, startup, ingest] = table.slice(2).map((r) =>
      r
        .split('|')
        .map((c) => c.trim())
        .slice(1, -1),
    );
    expect(paste).toEqual(['console paste, per line at 30k lines', '44.5 µs', 'per line at 1k: 40 µs; ours 1.11×', '≤ 2× anchor', 'met']);
    expect(startup).toEqual(['start to first prompt', '3,512 ms', '—', '≤ 3,000 ms', 'MISSED']);
    // No anchor ran (pmbmpd not installed): no verdict.
    expect(ingest).toEqual(['station ingest: 1M prefixes', '1.5 M prefixes/s', '—', '≥ 2× anchor', '—']);
  });

  it('says so when no bench printed a result', () => {
    expect(formatBenchTable('just prose\n')).toEqual(['(no BENCH-RESULT lines: no figure to show)']);
  });

  it('each kind of target decides ok; a ratio without its anchor decides nothing', () => {
    expect(meetsTarget(900, null, { max: 1000 })).toBe(true);
    expect(meetsTarget(1100, null, { max: 1000 })).toBe(false);
    expect(meetsTarget(3, null, { min: 2 })).toBe(true);
    expect(meetsTarget(2.1, { value: 1 }, { minRatio: 2 })).toBe(true);
    expect(meetsTarget(1.9, { value: 1 }, { minRatio: 2 })).toBe(false);
    expect(meetsTarget(1.3, { value: 1 }, { maxRatio: 1.2 })).toBe(false);
    expect(meetsTarget(1.3, null, { maxRatio: 1.2 })).toBeNull();
    expect(meetsTarget(5, null, null)).toBeNull();
  });
});
