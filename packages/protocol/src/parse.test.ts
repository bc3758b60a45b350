import { describe, expect, it } from 'vitest';
import { parseClientMessage, parseServerMessage, MAX_FRAME_BYTES } from '@bmp-lab/protocol';

describe('parseClientMessage', () => {
  it('accepts keystrokes for a console', () => {
    expect(parseClientMessage('{"type":"console.input","consoleId":"c1","data":"sys\\r"}')).toEqual({
      ok: true,
      value: { type: 'console.input', consoleId: 'c1', data: 'sys\r' },
    });
  });
  it('names what is wrong with a bad frame', () => {
    expect(parseClientMessage('nope')).toEqual({ ok: false, error: 'frame is not JSON' });
    const r = parseClientMessage('{"type":"console.resize","consoleId":"c1","cols":0,"rows":24}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^invalid message: cols: /);
    expect(parseClientMessage('{"type":"launch-missiles"}').ok).toBe(false);
    expect(parseClientMessage('{"type":"console.input","data":"x"}').ok).toBe(false);
  });
  it('refuses oversized frames before parsing them', () => {
    const r = parseClientMessage('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(r).toEqual({ ok: false, error: `frame of ${MAX_FRAME_BYTES + 1} bytes exceeds ${MAX_FRAME_BYTES}` });
  });
});

describe('parseServerMessage', () => {
  const session = {
    key: '_public_|10.1.1.1|',
    address: '10.1.1.1',
    alias: null,
    vpnInstance: null,
    port: 1790,
    state: 'up',
    downReason: null,
    since: 1,
    localAddress: '127.0.0.1',
    localPort: 50000,
    sent: { 'route-monitoring': 0, 'statistics-report': 0, 'peer-down': 0, 'peer-up': 0, initiation: 1, termination: 0, 'route-mirroring': 0, 'route-policy-trace': 0 },
    bytesSent: 100,
    connects: 1,
    connectRetryAt: null,
    statisticsTimer: 3600,
    statisticsAt: 2,
    feeds: [{ peer: '10.2.2.2', rib: 'adj-rib-in', postPolicy: true, up: true }],
    pendingBytes: 0,
  };
  it('accepts a session update with every counter', () => {
    expect(parseServerMessage(JSON.stringify({ type: 'session.updated', session })).ok).toBe(true);
    expect(parseServerMessage(JSON.stringify({ type: 'session.updated', session: { ...session, state: 'Up' } })).ok).toBe(false);
  });
  it('accepts a nested dissection tree', () => {
    const tree = [{ name: 'common header', offset: 0, length: 6, children: [{ name: 'version', offset: 0, length: 1, value: '3' }] }];
    expect(parseServerMessage(JSON.stringify({ type: 'station.detail', seq: 4, hex: '03', tree })).ok).toBe(true);
  });
});
