import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { DEFAULT_RATE_LIMITS, UpgradeLimiter } from '../src/security/rate-limit.js';
import { OUTPUT_PER_INPUT_MAX } from '../src/console/capped-input.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

/** Limits at the edge of the WebSocket: output per input chunk, and new connections per source address. */
let server: RunningServer;
beforeEach(async () => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_COLLECTOR_LISTEN: 'off' }));
});
afterEach(async () => {
  await server.close();
});

describe('WebSocket limits', () => {
  it('cuts one input chunk whose output passes the cap, with one line, and the console goes on', async () => {
    const c = await wsClient(server.url);
    await c.hello();
    const id = await c.open();
    const before = c.terminal(id).length;
    // 16 KiB of `d?`: each `?` lists help and redraws the growing line (megabytes uncapped).
    c.send({ type: 'console.input', consoleId: id, data: 'd?'.repeat(8000) });
    await eventually(() => c.terminal(id).includes('were not run'), 10_000);
    const printed = c.terminal(id).length - before;
    expect(printed).toBeGreaterThan(OUTPUT_PER_INPUT_MAX / 2);
    expect(printed).toBeLessThan(2 * OUTPUT_PER_INPUT_MAX);
    expect(c.terminal(id).match(/were not run/g)).toHaveLength(1);
    // A few `?` in one chunk still each print their help, as on VRP.
    const other = await c.open();
    const mark = c.terminal(other).length;
    c.send({ type: 'console.input', consoleId: other, data: 'display ?\x03display ?\x03display ?\x03' });
    await eventually(
      () =>
        (
          c
            .terminal(other)
            .slice(mark)
            .match(/current-configuration {2}Current configuration/g) ?? []
        ).length === 3,
      10_000,
    );
    // Keys past the line limit ring the bell once, and every frame stays within the protocol's limit.
    c.send({ type: 'console.input', consoleId: other, data: 'a'.repeat(65536) });
    await eventually(() => c.terminal(other).endsWith('a\x07'), 10_000);
    expect(c.invalid).toEqual([]);
    // The cut console goes on.
    c.type(id, '\x03display clock');
    await eventually(() => /<HUAWEI>$/.test(c.terminal(id)) && c.terminal(id).includes('display clock'), 10_000);
    c.ws.close();
  }, 20_000);

  it('upgrade limiter: a burst per address, refilled over time, and a bounded table of addresses', () => {
    let now = 0;
    const limiter = new UpgradeLimiter({ upgradesPerSecond: 2, upgradeBurst: 3 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.allow('192.0.2.1'))).toEqual([true, true, true, false]);
    expect(limiter.allow('192.0.2.2')).toBe(true);
    now += 500;
    expect(limiter.allow('192.0.2.1')).toBe(true);
    expect(limiter.allow('192.0.2.1')).toBe(false);
    for (let i = 0; i < 5000; i++) limiter.allow(`2001:db8::${i.toString(16)}`);
    expect(limiter.size).toBeLessThanOrEqual(1024);
  });

  it('answers 429 to WebSocket upgrades from one address beyond its burst', async () => {
    const url = server.url.replace('http', 'ws') + '/ws';
    const attempts = DEFAULT_RATE_LIMITS.upgradeBurst + 20;
    const results = await Promise.all(
      Array.from({ length: attempts }, () => {
        const ws = new WebSocket(url);
        return new Promise<number | 'open'>((resolve) => {
          ws.once('open', () => {
            resolve('open');
            ws.close();
          });
          ws.once('unexpected-response', (_req, res) => {
            resolve(res.statusCode ?? 0);
            res.resume();
            ws.terminate();
          });
          ws.once('error', () => resolve(0));
        });
      }),
    );
    const opened = results.filter((r) => r === 'open').length;
    expect(results.filter((r) => r === 429).length).toBeGreaterThan(0);
    expect(opened).toBeGreaterThanOrEqual(DEFAULT_RATE_LIMITS.upgradeBurst - 1);
    // The burst, plus what refilled while they came in.
    expect(opened).toBeLessThan(attempts);
    expect(results.every((r) => r === 'open' || r === 429)).toBe(true);
  });
});
