import { describe, expect, it } from 'vitest';
import { listKeyTarget, messageRowParts, shortView } from './message-row.js';

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
