import { describe, expect, it } from 'vitest';
import { chunkInput } from './chunk-input.js';
import { createConsoleChannel } from './console-channel.js';
import { labSocketUrl } from './ws-url.js';

describe('console channel', () => {
  it('replays retained output to a view attached late, then streams', () => {
    const ch = createConsoleChannel();
    ch.write('<HUAWEI>');
    const got: string[] = [];
    const detach = ch.attach((d) => got.push(d));
    ch.write('sys');
    detach();
    ch.write('lost');
    expect(got).toEqual(['<HUAWEI>', 'sys']);
  });

  it('trims its history at a line start', () => {
    const ch = createConsoleChannel(10);
    ch.write('0123456789\r\nabc\r\ndef');
    const got: string[] = [];
    ch.attach((d) => got.push(d));
    expect(got).toEqual(['abc\r\ndef']);
  });

  it('stays bounded under many small writes, trimming only now and then', () => {
    const ch = createConsoleChannel(100, 25);
    let longest = 0;
    let trims = 0;
    let before = 0;
    for (let i = 0; i < 1000; i++) {
      ch.write(`${i % 10}\r\n`);
      const n = ch.history().length;
      if (n < before) trims++;
      before = n;
      longest = Math.max(longest, n);
    }
    expect(longest).toBeLessThanOrEqual(125);
    expect(ch.history().endsWith('9\r\n')).toBe(true);
    expect(trims).toBeLessThan(1000 / 5);
  });
});

describe('chunkInput', () => {
  it('keeps small input whole and never splits a surrogate pair', () => {
    expect(chunkInput('abc', 2)).toEqual(['ab', 'c']);
    expect(chunkInput('sys\r')).toEqual(['sys\r']);
    const chunks = chunkInput('a😀b', 2);
    expect(chunks).toEqual(['a', '😀', 'b']);
  });
});

describe('labSocketUrl', () => {
  it('uses the page origin and the protocol path', () => {
    expect(labSocketUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/ws');
    expect(labSocketUrl({ protocol: 'https:', host: 'lab.example' })).toBe('wss://lab.example/ws');
  });
});
