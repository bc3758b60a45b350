import { describe, expect, it } from 'vitest';
import { lab } from './harness.js';

/** `peer` lines with distinct IPv4 addresses. */
function peerLines(n: number, as = 200): string[] {
  return Array.from({ length: n }, (_, i) => `peer 10.${Math.floor(i / 62500) + 1}.${Math.floor(i / 250) % 250}.${(i % 250) + 1} as-number ${as}`);
}

/** Full comparisons the prompt's `*` / `~` check made while these lines were typed. */
function comparisonsFor(l: ReturnType<typeof lab>, lines: string[]): number {
  const before = l.session.candidateTracker.fullComparisons;
  l.lines(...lines);
  return l.session.candidateTracker.fullComparisons - before;
}

describe('the prompt keeps * / ~ without comparing whole configurations per line', () => {
  it('a paste of new peers compares in full a bounded number of times, however long it is', () => {
    const l = lab();
    l.lines('system-view', 'bgp 100');
    const small = comparisonsFor(l, peerLines(100));
    const large = comparisonsFor(l, peerLines(2000).slice(100));
    expect(small).toBeLessThanOrEqual(2);
    expect(large).toBeLessThanOrEqual(2);
    expect(l.text().endsWith('[*HUAWEI-bgp]')).toBe(true);
    expect(l.session.candidate.bgp?.peers).toHaveLength(2000);
  });

  it('a paste that changes existing peers in place compares in full a bounded number of times', () => {
    const l = lab();
    l.lines('system-view', 'bgp 100', ...peerLines(1000), 'commit');
    expect(comparisonsFor(l, peerLines(1000, 300))).toBeLessThanOrEqual(2);
    expect(l.text().endsWith('[*HUAWEI-bgp]')).toBe(true);
    expect(l.session.candidate.bgp?.peers.every((p) => p.asNumber === 300)).toBe(true);
  });

  it('lines that do not touch the candidate (displays) compare nothing again', () => {
    const l = lab();
    l.lines('screen-length 0 temporary', 'system-view', 'bgp 100', ...peerLines(50), 'commit');
    expect(
      comparisonsFor(
        l,
        Array.from({ length: 200 }, () => 'display this'),
      ),
    ).toBe(0);
    expect(l.text().endsWith('return\n[~HUAWEI-bgp]')).toBe(true);
  });

  it('still shows ~ again when a change is undone', () => {
    const l = lab();
    l.lines('system-view', 'bgp 100', 'peer 10.1.1.1 as-number 200', 'commit', 'peer 10.1.1.1 as-number 300', 'peer 10.1.1.1 as-number 200');
    l.lines('peer 10.1.1.1 connect-interface LoopBack0', 'undo peer 10.1.1.1 connect-interface');
    expect(l.text().split('\n').slice(-5)).toEqual([
      '[~HUAWEI-bgp]peer 10.1.1.1 as-number 300',
      '[*HUAWEI-bgp]peer 10.1.1.1 as-number 200',
      '[~HUAWEI-bgp]peer 10.1.1.1 connect-interface LoopBack0',
      '[*HUAWEI-bgp]undo peer 10.1.1.1 connect-interface',
      '[~HUAWEI-bgp]',
    ]);
  });

  it('another console committing the same change turns * into ~', () => {
    const l = lab();
    const other = l.device.openConsole(3);
    l.lines('system-view', 'sysname R1');
    expect(l.session.prompt()).toBe('[*HUAWEI]');
    for (const line of ['system-view', 'sysname R1', 'commit']) other.execute(line);
    expect(l.session.prompt()).toBe('[~R1]');
  });
});
