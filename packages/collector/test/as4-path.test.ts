import { describe, expect, it } from 'vitest';
import type { AsPathSegment } from '@bmp-lab/codec';
import { mergeAs4Path, reconstructionLength } from '../src/stream/as4-path.js';

// RFC 6793 §4.2.3: the path a 2-octet-AS speaker sent, rebuilt from AS_PATH and AS4_PATH.

const seq = (...asns: number[]): AsPathSegment => ({ type: 'sequence', asns });
const set = (...asns: number[]): AsPathSegment => ({ type: 'set', asns });
const merge = (asPath: AsPathSegment[], as4Path: AsPathSegment[] | null, aggregatorAsn: number | null = null, hasAs4Aggregator = false) =>
  mergeAs4Path({ asPath, as4Path, aggregatorAsn, hasAs4Aggregator });

describe('AS4_PATH reconstruction', () => {
  it('keeps the leading ASNs AS_PATH has beyond AS4_PATH and puts AS4_PATH after them', () => {
    expect(merge([seq(100, 23456, 23456)], [seq(4200000001, 4200000002)])).toEqual([seq(100), seq(4200000001, 4200000002)]);
    expect(merge([seq(23456, 23456)], [seq(4200000001, 4200000002)])).toEqual([seq(4200000001, 4200000002)]);
  });

  it('counts an AS_SET as one ASN and confederation segments as none', () => {
    expect(reconstructionLength([seq(1, 2), set(3, 4, 5), { type: 'confedSequence', asns: [65001, 65002] }])).toBe(3);
    expect(merge([seq(100), set(1, 2), seq(23456)], [seq(4200000001)])).toEqual([seq(100), set(1, 2), seq(4200000001)]);
  });

  it('keeps a leading confederation segment, and drops confederation segments from AS4_PATH', () => {
    const confed: AsPathSegment = { type: 'confedSequence', asns: [65001] };
    expect(merge([confed, seq(100, 23456)], [seq(4200000001)])).toEqual([confed, seq(100), seq(4200000001)]);
    expect(merge([seq(100, 23456)], [confed, seq(4200000001)])).toEqual([seq(100), seq(4200000001)]);
  });

  it('ignores AS4_PATH when it is longer than AS_PATH, absent, or beside an AGGREGATOR that is not AS_TRANS with AS4_AGGREGATOR', () => {
    const asPath = [seq(100, 23456)];
    expect(merge(asPath, [seq(1, 2, 3)])).toBe(asPath);
    expect(merge(asPath, null)).toBe(asPath);
    expect(merge(asPath, [seq(4200000001)], 300, true)).toBe(asPath);
    expect(merge(asPath, [seq(4200000001)], 23456, true)).toEqual([seq(100), seq(4200000001)]);
  });
});
