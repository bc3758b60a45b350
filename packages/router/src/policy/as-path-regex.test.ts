import { describe, expect, it } from 'vitest';
import { compileAsPathRegex, MAX_PROGRAM } from './as-path-regex.js';

function matches(pattern: string, text: string): boolean {
  const m = compileAsPathRegex(pattern);
  if (!m) throw new Error(`pattern ${pattern} did not compile`);
  return m(text);
}

describe('AS_PATH regular expressions', () => {
  it('searches anywhere unless anchored', () => {
    expect(matches('200', '100 1200 300')).toBe(true);
    expect(matches('^200', '100 200')).toBe(false);
    expect(matches('^100', '100 200')).toBe(true);
    expect(matches('200$', '100 200')).toBe(true);
    expect(matches('100$', '100 200')).toBe(false);
  });

  it('`_` is a delimiter or the start or the end', () => {
    expect(matches('_200_', '100 200 300')).toBe(true);
    expect(matches('_200_', '200')).toBe(true);
    expect(matches('_200_', '1200 300')).toBe(false);
    expect(matches('_200_', '100 2001')).toBe(false);
    expect(matches('_300_', '100 {300,400}')).toBe(true);
    expect(matches('_400_', '100 {300,400}')).toBe(true);
    expect(matches('_65002_', '(65001 65002) 100')).toBe(true);
    expect(matches('^65001_', '65001 7')).toBe(true);
    expect(matches('^65001_', '650012 7')).toBe(false);
    expect(matches('_65001$', '7 65001')).toBe(true);
  });

  it('`^$` is only the empty path', () => {
    expect(matches('^$', '')).toBe(true);
    expect(matches('^$', '100')).toBe(false);
  });

  it('supports . * + ? | groups classes and counts', () => {
    expect(matches('^.*$', '')).toBe(true);
    expect(matches('^65+$', '6555')).toBe(true);
    expect(matches('^65+$', '6')).toBe(false);
    expect(matches('^6?5$', '5')).toBe(true);
    expect(matches('^(100|200)_', '200 7')).toBe(true);
    expect(matches('^(100|200)_', '300 7')).toBe(false);
    expect(matches('^[12]00$', '200')).toBe(true);
    expect(matches('^[^12]00$', '200')).toBe(false);
    expect(matches('^[^12]00$', '300')).toBe(true);
    expect(matches('^[0-9]{3}$', '123')).toBe(true);
    expect(matches('^[0-9]{3}$', '1234')).toBe(false);
    expect(matches('^([0-9]+ ){2,}[0-9]+$', '1 2 3')).toBe(true);
    expect(matches('^([0-9]+ ){2,}[0-9]+$', '1 2')).toBe(false);
    expect(matches('^1{1,2}$', '111')).toBe(false);
    expect(matches('^\\(65001', '(65001 2)')).toBe(true);
    expect(matches('{300', '100 {300,400}')).toBe(true);
  });

  it('refuses invalid patterns instead of throwing', () => {
    for (const bad of ['(100', '100)', '[12', '*20', '+', 'a{300}', '\\', '[9-1]']) {
      expect(() => compileAsPathRegex(bad)).not.toThrow();
      expect(compileAsPathRegex(bad)).toBeNull();
    }
  });

  it('refuses patterns whose program would be too large', () => {
    expect(compileAsPathRegex('((1{255}){255}){255}')).toBeNull();
    expect(MAX_PROGRAM).toBeGreaterThan(100);
  });

  it('patterns that make backtracking engines explode finish in linear time', () => {
    const path = Array.from({ length: 2000 }, () => '1').join(' ');
    // A backtracking engine takes exponential time on these; the test would time out.
    expect(matches('(.*)*x', path)).toBe(false);
    expect(matches('^((1 )*)*3$', path)).toBe(false);
    expect(matches('^(1|1 )*2$', path)).toBe(false);
    expect(matches('^(1 ?)*$', path)).toBe(true);
  });

  it('compiles each distinct pattern once', () => {
    expect(compileAsPathRegex('_4200000000_')).toBe(compileAsPathRegex('_4200000000_'));
  });
});
