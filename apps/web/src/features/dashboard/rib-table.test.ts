import type { StationRibView } from '@bmp-lab/protocol';
import { describe, expect, it } from 'vitest';
import { formatPrefixCount, policyDelta, ribTable } from './rib-table.js';

const GLOBAL = '0000000000000000';
const v = (peer: string, view: string, prefixes: number, distinguisher = GLOBAL): StationRibView => ({ peer, distinguisher, view, prefixes });

describe('ribTable', () => {
  it('a row per monitored peer in address order, the Loc-RIB last and labelled, a column per view present', () => {
    const t = ribTable([
      v('0.0.0.0', 'loc-rib', 7),
      v('10.3.3.3', 'adj-rib-in post-policy', 4),
      v('10.3.3.3', 'adj-rib-in pre-policy', 4),
      v('10.2.2.2', 'adj-rib-in post-policy', 2),
      v('10.2.2.2', 'adj-rib-in pre-policy', 4),
      v('9.1.1.1', 'adj-rib-in post-policy', 1),
    ]);
    expect(t.columns.map((c) => c.short)).toEqual(['In pre', 'In post', 'Loc-RIB']);
    expect(t.columns.map((c) => c.view)).toEqual(['adj-rib-in pre-policy', 'adj-rib-in post-policy', 'loc-rib']);
    expect(t.columns[1]?.long).toBe('Adj-RIB-In post-policy: routes after the import policy');
    expect(t.rows.map((r) => r.label)).toEqual(['9.1.1.1', '10.2.2.2', '10.3.3.3', 'Loc-RIB']);
    expect(t.rows.at(-1)).toMatchObject({ peer: '0.0.0.0', locRib: true, counts: { 'loc-rib': 7 } });
    expect(t.rows[1]?.counts).toEqual({ 'adj-rib-in pre-policy': 4, 'adj-rib-in post-policy': 2 });
    expect(t.rows[0]?.counts['adj-rib-in pre-policy']).toBeUndefined();
  });

  it('orders Adj-RIB-Out after Adj-RIB-In, keeps VPN peers apart, and appends a view it does not know', () => {
    const t = ribTable([
      v('10.2.2.2', 'adj-rib-out post-policy', 3),
      v('10.2.2.2', 'something new', 1),
      v('10.2.2.2', 'adj-rib-out pre-policy', 3),
      v('10.2.2.2', 'adj-rib-in post-policy', 4, '0000fde800000001'),
      v('10.2.2.2', 'adj-rib-in post-policy', 4),
    ]);
    expect(t.columns.map((c) => c.short)).toEqual(['In post', 'Out pre', 'Out post', 'something new']);
    expect(t.rows.map((r) => [r.peer, r.distinguisher])).toEqual([
      ['10.2.2.2', GLOBAL],
      ['10.2.2.2', '0000fde800000001'],
    ]);
  });

  it('is empty for a connection that holds nothing', () => {
    expect(ribTable([])).toEqual({ columns: [], rows: [] });
  });
});

describe('policyDelta and formatPrefixCount', () => {
  it('compares post-policy with the same direction pre-policy', () => {
    const [row] = ribTable([
      v('10.2.2.2', 'adj-rib-in pre-policy', 4),
      v('10.2.2.2', 'adj-rib-in post-policy', 1),
      v('10.2.2.2', 'adj-rib-out pre-policy', 7),
      v('10.2.2.2', 'adj-rib-out post-policy', 7),
    ]).rows;
    expect(policyDelta(row!, 'adj-rib-in post-policy')).toBe(-3);
    expect(policyDelta(row!, 'adj-rib-out post-policy')).toBeNull();
    expect(policyDelta(row!, 'adj-rib-in pre-policy')).toBeNull();
    const [only] = ribTable([v('10.2.2.2', 'adj-rib-in post-policy', 4)]).rows;
    expect(policyDelta(only!, 'adj-rib-in post-policy')).toBeNull();
  });
  it('fits a narrow cell', () => {
    expect([0, 7, 12_345, 99_999, 100_000, 999_999, 1_000_000, 1_049_999, 1_250_000].map(formatPrefixCount)).toEqual([
      '0',
      '7',
      '12,345',
      '99,999',
      '100k',
      '999k',
      '1.0M',
      '1.0M',
      '1.2M',
    ]);
  });
});
