import { describe, expect, it } from 'vitest';
import { stationMessage } from '../../store/test-fixtures.js';
import { byteChar, inRange, parseHex } from './hex.js';
import { distinctPeers, filterMessages, NO_FILTER } from './message-filter.js';
import { scrollToRow, virtualWindow } from './virtual-window.js';

describe('virtualWindow', () => {
  it('renders only the rows in view plus the overscan', () => {
    expect(virtualWindow(0, 240, 24, 5_000, 5)).toEqual({ start: 0, end: 16, totalHeight: 120_000, offsetTop: 0 });
    const w = virtualWindow(24 * 1000 + 10, 240, 24, 5_000, 5);
    expect(w).toEqual({ start: 995, end: 1016, totalHeight: 120_000, offsetTop: 995 * 24 });
  });

  it('clamps at the end and handles empty or unmeasured lists', () => {
    const end = virtualWindow(1e9, 240, 24, 100, 5);
    expect(end.end).toBe(100);
    expect(end.start).toBe(90 - 5);
    expect(virtualWindow(0, 240, 24, 0)).toEqual({ start: 0, end: 0, totalHeight: 0, offsetTop: 0 });
    expect(virtualWindow(0, 0, 24, 100, 5, 40)).toMatchObject({ start: 60, end: 100 });
  });

  it('scrolls a row into view only when it is not', () => {
    expect(scrollToRow(0, 240, 24, 3)).toBe(0);
    expect(scrollToRow(0, 240, 24, 20)).toBe(21 * 24 - 240);
    expect(scrollToRow(480, 240, 24, 2)).toBe(48);
  });
});

describe('message filter', () => {
  const items = [
    stationMessage(1, { type: 'peer-up', peer: '10.2.2.2' }),
    stationMessage(2, { type: 'route-monitoring', peer: '10.3.3.3' }),
    stationMessage(3, { type: 'route-monitoring', peer: '10.2.2.2', sessionKey: null, connection: 'ext' }),
  ];
  it('filters by type, peer and session or connection', () => {
    expect(filterMessages(items, NO_FILTER)).toBe(items);
    expect(filterMessages(items, { ...NO_FILTER, type: 'route-monitoring' }).map((m) => m.seq)).toEqual([2, 3]);
    expect(filterMessages(items, { ...NO_FILTER, peer: '10.2.2.2' }).map((m) => m.seq)).toEqual([1, 3]);
    expect(filterMessages(items, { ...NO_FILTER, source: 'ext' }).map((m) => m.seq)).toEqual([3]);
    expect(filterMessages(items, { ...NO_FILTER, source: '_public_|10.1.1.1|' }).map((m) => m.seq)).toEqual([1, 2]);
    expect(distinctPeers(items)).toEqual(['10.2.2.2', '10.3.3.3']);
  });
});

describe('hex', () => {
  it('parses hex with or without separators and highlights a range', () => {
    expect(Array.from(parseHex('03 00 00 00 1e 04'))).toEqual([3, 0, 0, 0, 30, 4]);
    expect(Array.from(parseHex('0300ff'))).toEqual([3, 0, 255]);
    expect(byteChar(0x41)).toBe('A');
    expect(byteChar(0)).toBe('·');
    expect([0, 1, 2, 3].map((i) => inRange(i, { offset: 1, length: 2 }))).toEqual([false, true, true, false]);
    expect(inRange(0, null)).toBe(false);
  });
});
