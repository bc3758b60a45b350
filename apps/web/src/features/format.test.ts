import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatClock, formatCountdown, formatEndpoint, formatRate, realSocketNote } from './format.js';
import { pcapFileName, pcapUrl } from './pcap.js';
import { clampSplit, parseSplit, splitColumns, splitRatio } from '../app/split.js';
import { loadTheme } from '../app/theme.js';

describe('format', () => {
  it('prints ages like VRP', () => {
    expect(formatAge(0)).toBe('00h00m00s');
    expect(formatAge(-5)).toBe('00h00m00s');
    expect(formatAge((12 * 3600 + 18 * 60 + 32) * 1000 + 999)).toBe('12h18m32s');
    expect(formatAge(100 * 3600 * 1000)).toBe('100h00m00s');
  });

  it('prints byte counts', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(12_700)).toBe('12.4 KB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MB');
  });

  it('prints endpoints and clock times', () => {
    expect(formatEndpoint(null, 5)).toBeNull();
    expect(formatEndpoint('127.0.0.1', 50000)).toBe('127.0.0.1:50000');
    expect(formatEndpoint('127.0.0.1', null)).toBe('127.0.0.1');
    expect(formatClock(new Date(2024, 0, 1, 9, 5, 7, 42).getTime())).toBe('09:05:07.042');
  });

  it('names the real socket behind a lab endpoint, and nothing when there is none', () => {
    expect(realSocketNote('10.0.0.1:40001', '127.0.0.1:40001')).toBe("The router's lab address and port; the real socket is 127.0.0.1:40001 on this machine");
    expect(realSocketNote('127.0.0.1:40001', '127.0.0.1:40001')).toBeUndefined();
    expect(realSocketNote('10.0.0.1:40001', null)).toBeUndefined();
  });
});

describe('countdowns, rates, pcap links, layout and theme', () => {
  it('prints countdowns', () => {
    expect(formatCountdown(0)).toBe('now');
    expect(formatCountdown(41_001)).toBe('42s');
    expect(formatCountdown(185_000)).toBe('3m05s');
    expect(formatCountdown(3_720_000)).toBe('1h02m');
  });

  it('prints rates', () => {
    expect([0, 0.44, 3, 12.6, 1234].map(formatRate)).toEqual(['0', '0.4', '3', '13', '1.2k']);
  });

  it('links the pcap export with the connection id encoded', () => {
    expect(pcapUrl('10.1.1.1:1790|127.0.0.1:5 x&y', '/')).toBe('/api/pcap?connection=10.1.1.1%3A1790%7C127.0.0.1%3A5%20x%26y');
    // A page of another lab downloads from that lab.
    expect(pcapUrl('c1', '/labs/AbC-9')).toBe('/api/labs/AbC-9/pcap?connection=c1');
    expect(pcapFileName('10.1.1.1:1790|127.0.0.1:50000')).toBe('bmp-10.1.1.1_1790_127.0.0.1_50000.pcap');
  });

  it('keeps the splitter where both panes stay usable', () => {
    expect(clampSplit(100, 1280)).toBe(380);
    expect(clampSplit(1200, 1280)).toBe(840);
    expect(clampSplit(640, 1280)).toBe(640);
  });

  it('keeps the split as a ratio of the width, remembered as text', () => {
    expect(splitRatio(640, 1280)).toBe(0.5);
    expect(splitRatio(100, 1000)).toBe(0.38);
    expect(splitRatio(990, 1000)).toBe(0.56);
    expect(parseSplit('0.3500')).toBe(0.35);
    // Nothing stored, junk, or a pixel width from an older version: the default.
    expect(parseSplit(null)).toBeNull();
    expect(parseSplit('')).toBeNull();
    expect(parseSplit('wide')).toBeNull();
    expect(parseSplit('640')).toBeNull();
    expect(splitColumns(0.35)).toBe('minmax(380px, 35.00%) 8px minmax(440px, 1fr)');
  });

  it('defaults to the dark theme', () => {
    expect(loadTheme(undefined)).toBe('dark');
    expect(loadTheme({ getItem: () => 'light' })).toBe('light');
    expect(loadTheme({ getItem: () => 'neon' })).toBe('dark');
  });
});
