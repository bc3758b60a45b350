import { describe, expect, it } from 'vitest';
import { BMP_TYPE_LABELS } from '../bmp-types.js';
import { ROW_PEER_CHARS, fitText, listKeyTarget, messageRowParts, peerCell, shortView } from './message-row.js';

describe('keyboard in the message list', () => {
  it('moves the selected message with the arrows, pages, Home and End, without wrapping', () => {
    expect(listKeyTarget('ArrowDown', 3, 10)).toBe(4);
    expect(listKeyTarget('ArrowDown', 9, 10)).toBe(9);
    expect(listKeyTarget('ArrowUp', 0, 10)).toBe(0);
    expect(listKeyTarget('PageUp', 15, 40)).toBe(5);
    expect(listKeyTarget('PageDown', 35, 40)).toBe(39);
    expect(listKeyTarget('Home', 5, 10)).toBe(0);
    expect(listKeyTarget('End', 5, 10)).toBe(9);
    // Nothing selected (or the selection filtered away): start at the newest.
    expect(listKeyTarget('ArrowUp', -1, 10)).toBe(9);
    expect(listKeyTarget('ArrowDown', 12, 10)).toBe(9);
    expect(listKeyTarget('Enter', 3, 10)).toBeNull();
    expect(listKeyTarget('ArrowDown', -1, 0)).toBeNull();
  });
});

describe('a station message row', () => {
  it('names the RIB view short', () => {
    expect(shortView('adj-rib-in pre-policy')).toBe('in pre');
    expect(shortView('adj-rib-out post-policy')).toBe('out post');
    expect(shortView('loc-rib')).toBe('Loc-RIB');
    expect(shortView(null)).toBeNull();
  });

  it('splits the per-peer preamble into AS and view, and keeps the rest as the text', () => {
    expect(
      messageRowParts({ summary: 'peer 10.2.2.2 AS 200 (in post-policy) 5 announced 198.18.0.0/24 AS path 200', peer: '10.2.2.2', peerView: 'adj-rib-in post-policy' }),
    ).toEqual({ asn: '200', view: 'in post', text: '5 announced 198.18.0.0/24 AS path 200' });
    expect(messageRowParts({ summary: 'Loc-RIB AS 100 End-of-RIB (AFI 1, SAFI 1)', peer: '0.0.0.0', peerView: 'loc-rib' })).toEqual({
      asn: '100',
      view: 'Loc-RIB',
      text: 'End-of-RIB (AFI 1, SAFI 1)',
    });
    // No per-peer header, or a summary in another form: shown whole.
    expect(messageRowParts({ summary: 'sysName=HUAWEI', peer: null, peerView: null })).toEqual({ asn: null, view: null, text: 'sysName=HUAWEI' });
    expect(messageRowParts({ summary: 'something else', peer: '10.2.2.2', peerView: 'adj-rib-in pre-policy' })).toEqual({
      asn: null,
      view: 'in pre',
      text: 'something else',
    });
  });
});

describe('the cells a row cuts to their width in characters', () => {
  it('keeps a text that fits and ends a longer one with an ellipsis within the width', () => {
    expect(fitText('10.0.0.1:50000', 15)).toBe('10.0.0.1:50000');
    expect(fitText('[2001:db8::1]:50000', 15)).toBe('[2001:db8::1]:…');
    expect(fitText('[2001:db8::1]:50000', 15)).toHaveLength(15);
    // A surrogate pair is never cut in two.
    expect(fitText('abcdefghijklm😀xyz', 15)).toBe('abcdefghijklm…');
  });

  it('shows the peer and its AS while both fit, the address first when they do not', () => {
    expect(peerCell('10.2.2.2', '200')).toEqual({ address: '10.2.2.2', as: ' AS200' });
    expect(peerCell('0.0.0.0', null)).toEqual({ address: '0.0.0.0', as: null });
    expect(peerCell(null, null)).toEqual({ address: '', as: null });
    const long = peerCell('2001:db8::2', '4200000001');
    expect(long.address + long.as).toHaveLength(ROW_PEER_CHARS);
    expect(long).toEqual({ address: '2001:db8::2', as: ' AS420…' });
    expect(peerCell('2001:db8:ffff:ffff:ffff::2', '200')).toEqual({ address: '2001:db8:ffff:fff…', as: null });
  });

  // The badge columns in station.css (124 px, and 44 px in a narrow station) are sized for labels this long at the
  // badge's font; the badges do not clip, so a longer label would spill into the next column.
  it('has type labels that fit their badges', () => {
    for (const { label, short } of Object.values(BMP_TYPE_LABELS)) {
      expect(label.length).toBeLessThanOrEqual(16);
      expect(short.length).toBeLessThanOrEqual(5);
    }
  });
});
