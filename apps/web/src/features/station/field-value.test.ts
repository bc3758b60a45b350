import { describe, expect, it } from 'vitest';
import { byteRangeText, fieldValueText, utcDateTime } from './field-value.js';

describe('a decoded field in the dissection tree', () => {
  it('shows the per-peer timestamp as a date and time, not a count of seconds', () => {
    expect(utcDateTime(Date.UTC(2024, 0, 2, 3, 4, 5))).toBe('2024-01-02 03:04:05 UTC');
    expect(fieldValueText('timestamp (seconds)', '1704164645')).toBe('2024-01-02 03:04:05 UTC (1704164645)');
    expect(fieldValueText('timestamp (seconds)', '0')).toBe('0 (not set)');
    // Other fields, and anything that is not a number, as decoded.
    expect(fieldValueText('timestamp (microseconds)', '120')).toBe('120');
    expect(fieldValueText('peer AS', '200')).toBe('200');
  });

  it('says what an offset and a length are', () => {
    expect(byteRangeText(6, 4)).toBe('bytes 6 to 9 of the message (offset 6, 4 bytes)');
    expect(byteRangeText(0, 1)).toBe('bytes 0 to 0 of the message (offset 0, 1 byte)');
  });
});
