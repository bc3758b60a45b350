import { describe, expect, it } from 'vitest';
import { bufferText, type BufferLike } from './terminal-text.js';

/** A fake xterm buffer: rows of `cols` cells, `wrapped` marks continuation rows. */
function buffer(rows: { text: string; wrapped?: boolean }[], cols = 10): BufferLike {
  return {
    length: rows.length,
    getLine: (y) => {
      const r = rows[y];
      if (!r) return undefined;
      const cells = r.text.padEnd(cols, ' ');
      return { isWrapped: r.wrapped ?? false, translateToString: (trim) => (trim ? cells.replace(/ +$/, '') : cells) };
    },
  };
}

describe('bufferText', () => {
  it('joins lines with \\n, trims trailing spaces and the unused screen', () => {
    const b = buffer([{ text: '<HUAWEI>  ' }, { text: '' }, { text: '[~HUAWEI]' }, { text: '' }, { text: '' }]);
    expect(bufferText(b)).toBe('<HUAWEI>\n\n[~HUAWEI]');
  });

  it('joins soft-wrapped rows into one line, keeping spaces at the wrap', () => {
    const b = buffer([{ text: 'bmp-sessio' }, { text: 'n 10.1.1.1', wrapped: true }, { text: 'abcde     ' }, { text: 'f', wrapped: true }]);
    expect(bufferText(b)).toBe('bmp-session 10.1.1.1\nabcde     f');
  });

  it('is empty for an empty buffer', () => {
    expect(bufferText(buffer([]))).toBe('');
    expect(bufferText(buffer([{ text: '' }, { text: '' }]))).toBe('');
  });
});
