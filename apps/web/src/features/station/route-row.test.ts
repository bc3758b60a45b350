import { describe, expect, it } from 'vitest';
import { asPathText, prefixList, routeRowParts } from './route-row.js';

describe('a Route Monitoring row', () => {
  it('names the first two prefixes and counts the rest', () => {
    expect(prefixList(['198.18.0.0/24'], 1)).toBe('198.18.0.0/24');
    expect(prefixList(['198.18.0.0/24', '198.18.1.0/24'], 2)).toBe('198.18.0.0/24, 198.18.1.0/24');
    expect(prefixList(['198.18.0.0/24', '198.18.1.0/24', '198.18.2.0/24'], 100)).toBe('198.18.0.0/24, 198.18.1.0/24 +98 more');
    expect(prefixList(['2001:db8:1::/48', '2001:db8:2::/48', '2001:db8:3::/48'], 3)).toBe('2001:db8:1::/48, 2001:db8:2::/48 +1 more');
    expect(prefixList([], 0)).toBeNull();
  });

  it('shows the AS path, its first six AS numbers and how many more, or that it is empty', () => {
    expect(asPathText([200, 100], 2)).toBe('AS path 200 100');
    expect(asPathText([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 14)).toBe('AS path 1 2 3 4 5 6 +8');
    expect(asPathText([], 0)).toBe('AS path (empty)');
  });

  it('builds the row from the structured fields, and falls back to the summary without them', () => {
    expect(
      routeRowParts({ prefixes: ['198.18.0.0/24', '198.18.1.0/24', '198.18.2.0/24'], prefixCount: 5, withdrawnPrefixes: [], withdrawn: 0, asPath: [200], asPathLength: 1 }),
    ).toEqual({ announced: '198.18.0.0/24, 198.18.1.0/24 +3 more', withdrawn: null, asPath: 'AS path 200' });
    expect(routeRowParts({ prefixes: [], prefixCount: 0, withdrawnPrefixes: ['203.0.113.0/24'], withdrawn: 1 })).toEqual({
      announced: null,
      withdrawn: 'withdrawn 203.0.113.0/24',
      asPath: null,
    });
    // A Peer Up, an End-of-RIB or a message logged before the station kept these fields.
    expect(routeRowParts({})).toBeNull();
  });
});
