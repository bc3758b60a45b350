import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '@bmp-lab/router/node';
import { LabNetwork } from '../src/lab/lab-network.js';
import { Lab } from '../src/lab/lab.js';
import { DEFAULT_TOPOLOGY } from '../src/lab/topology.js';
import { parseCidr } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { captureLog, labLog, memoryLog } from '../src/log.js';

/**
 * The lab network's allow list (README "Public contracts"): a destination that is not a lab
 * endpoint, not in 127.0.0.0/8 and not in BMPLAB_ALLOW_CONNECT fails like an
 * unreachable host and is logged once per (lab, destination).
 */
const target = (address: string, port = 1790) => ({ address, port, vpnInstance: null as string | null });

describe('lab network allow list', () => {
  afterEach(() => vi.restoreAllMocks());

  it('refuses outside destinations like an unreachable host and logs each once', async () => {
    const m = memoryLog();
    const net = new LabNetwork([parseCidr('192.0.2.0/24')!], { labId: 'L1', log: labLog('L1', m.log) });
    net.attach('10.1.1.1', 1790, { host: '127.0.0.1', port: 1 });
    for (let i = 0; i < 3; i++) {
      expect(await net.dial(target('198.51.100.7'))).toEqual({ ok: false, error: 'host 198.51.100.7 unreachable' });
      expect(await net.dial(target('10.9.9.9', 179))).toEqual({ ok: false, error: 'host 10.9.9.9 unreachable' });
    }
    // Not IPv4 at all, or a name: refused too.
    expect(net.resolve(target('::1'))).toEqual({ error: 'host ::1 unreachable' });
    expect(net.resolve(target('127.evil.example'))).toEqual({ error: 'host 127.evil.example unreachable' });
    expect(net.refusals).toBe(8);
    expect(m.lines()).toHaveLength(4);
    expect(m.lines()[0]).toBe(
      'bmp-lab: lab L1: refused to connect to 198.51.100.7: not a lab endpoint, not in 127.0.0.0/8, not in BMPLAB_ALLOW_CONNECT (fails as "host unreachable"; logged once per destination)',
    );
    expect(m.lines()[1]).toContain('refused to connect to 10.9.9.9');
    // Allowed: the lab's endpoints, loopback, BMPLAB_ALLOW_CONNECT; none is logged.
    expect(net.resolve(target('10.1.1.1'))).toEqual({ host: '127.0.0.1', port: 1 });
    expect(net.resolve(target('10.1.1.1', 9))).toEqual({ error: 'connection refused by 10.1.1.1:9' });
    expect(net.resolve(target('127.3.4.5', 7))).toEqual({ host: '127.3.4.5', port: 7 });
    expect(net.resolve(target('192.0.2.77', 7))).toEqual({ host: '192.0.2.77', port: 7 });
    expect(net.resolve({ ...target('127.0.0.1'), vpnInstance: 'v1' })).toEqual({ error: 'no route to 127.0.0.1 in VPN instance v1' });
    expect(m.lines()).toHaveLength(4);
  });

  it('another lab logs the same destination again, with its own id', () => {
    const m = memoryLog();
    const a = new LabNetwork([], { labId: 'A', log: labLog('A', m.log) });
    const b = new LabNetwork([], { labId: 'B', log: labLog('B', m.log) });
    a.resolve(target('198.51.100.7'));
    b.resolve(target('198.51.100.7'));
    a.resolve(target('198.51.100.7'));
    expect(m.lines().map((l) => l.slice(0, 'bmp-lab: lab A'.length))).toEqual(['bmp-lab: lab A', 'bmp-lab: lab B']);
  });

  it('a lab session to a refused address stays Down (Connect Failed), retries, and is logged once on the console', async () => {
    const captured = captureLog();
    const lab = await Lab.start({ id: 'refusing', topology: DEFAULT_TOPOLOGY, clock: systemClock(50), allowConnect: [], externalStation: null });
    try {
      const t = lab.device.openTerminal();
      t.open();
      t.input(['system-view', 'bmp', 'bmp-session 198.51.100.7', 'tcp connect port 1790', 'quit', 'quit', 'bgp 100', 'peer 10.9.9.9 as-number 200', 'commit'].join('\r') + '\r');
      // ConnectRetry keeps trying (50x faster here); every attempt is refused.
      await eventually(() => lab.network.refusals >= 6, 10_000);
      const s = lab.device.bmpSessions().find((x) => x.id.address === '198.51.100.7')!;
      expect(s).toMatchObject({ state: 'down', downReason: 'Connect Failed', connects: 0, bytesSent: 0 });
      const refused = captured.lines('warn').filter((l) => l.includes('refused to connect'));
      expect(refused.filter((l) => l.includes('198.51.100.7'))).toHaveLength(1);
      expect(refused.every((l) => l.startsWith('bmp-lab: lab refusing: '))).toBe(true);
    } finally {
      captured.restore();
      await lab.stop();
    }
  });
});
