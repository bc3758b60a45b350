import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatClock, formatEndpoint } from './format.js';

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
});
