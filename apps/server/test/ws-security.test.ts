import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '@bmp-lab/protocol';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { ConfigError, readArgs, readConfig } from '../src/config.js';
import { originAllowed } from '../src/security/origin.js';
import { ConnectionLimiter, TokenBucket } from '../src/security/rate-limit.js';
import { isLoopbackHost } from '../src/security/bind.js';
import { ROUTES } from '../src/http/http-server.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

/** WebSocket and HTTP hardening: Origin check, rate limits, deleted labs, loopback-only binding. */
let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});
const start = async (env: Record<string, string> = {}) => (server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off', ...env })));

/** The HTTP status of a WebSocket handshake with these headers (101 when it opened). */
function handshake(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url.replace('http', 'ws') + '/ws', { headers });
    ws.once('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', () => {});
  });
}

describe('Origin check', () => {
  it('allows no Origin, the same origin and BMPLAB_ALLOWED_ORIGINS; refuses others with 403', async () => {
    const s = await start({ BMPLAB_ALLOWED_ORIGINS: 'https://lab.example.org, http://class.example:8443/' });
    const host = new URL(s.url).host;
    expect((await handshake(s.url, {})).status).toBe(101);
    expect((await handshake(s.url, { origin: `http://${host}` })).status).toBe(101);
    expect((await handshake(s.url, { origin: 'https://LAB.example.org' })).status).toBe(101);
    expect((await handshake(s.url, { origin: 'http://class.example:8443' })).status).toBe(101);
    for (const origin of ['https://evil.example', 'http://class.example:8444', 'null', `file://${host}`, 'http://localhost.evil.example', `http://${host}.evil.example`]) {
      const r = await handshake(s.url, { origin });
      expect(r.status, origin).toBe(403);
      expect(JSON.parse(r.body).error).toMatch(/Origin/);
    }
  });

  it('compares host and port exactly', () => {
    const req = (origin: string | undefined, host = '127.0.0.1:8080') => ({ headers: { host, ...(origin ? { origin } : {}) } });
    expect(originAllowed(req(undefined))).toEqual({ ok: true });
    expect(originAllowed(req('http://127.0.0.1:8080'))).toEqual({ ok: true });
    expect(originAllowed(req('http://127.0.0.1:8081')).ok).toBe(false);
    expect(originAllowed(req('http://127.0.0.1'), ['http://127.0.0.1']).ok).toBe(true);
    expect(originAllowed(req('not a url')).ok).toBe(false);
  });
});

describe('rate limits per connection', () => {
  it('token bucket: burst, then the rate', () => {
    let t = 0;
    const b = new TokenBucket(200, 400, () => t);
    let n = 0;
    while (b.take()) n++;
    expect(n).toBe(400);
    t += 100;
    n = 0;
    while (b.take()) n++;
    expect(n).toBe(20);
  });

  it('limiter: drops over the limit, reports at most 10 errors a second, calls persistent abuse', () => {
    let t = 0;
    const l = new ConnectionLimiter(undefined, () => t);
    const verdicts = Array.from({ length: 500 }, () => l.message());
    expect(verdicts.filter((v) => v === 'ok')).toHaveLength(400);
    expect(verdicts.filter((v) => v === 'rate-limited')).toHaveLength(100);
    expect([l.shouldReport(), l.shouldReport()]).toEqual([true, false]);
    // Console input: 1 MiB/s.
    expect(l.consoleInput(1024 * 1024)).toBe('ok');
    expect(l.consoleInput(1)).toBe('rate-limited');
    // Sending at 10x the limit for a while runs out of strikes.
    let last = 'ok';
    for (let i = 0; i < 100_000 && last !== 'abuse'; i++) {
      t += 0.5;
      last = l.message();
    }
    expect(last).toBe('abuse');
  });

  it('a flood gets rate-limited errors and dropped messages; the lab goes on; persistent abuse closes with 1008', async () => {
    const s = await start();
    const c = await wsClient(s.url);
    await c.hello();
    const id = await c.open();
    // 1000 resize messages at once: the first ~400 pass, the rest are dropped.
    for (let i = 0; i < 1000; i++) c.send({ type: 'console.resize', consoleId: id, cols: 80 + (i % 10), rows: 24 });
    const err = await eventually(() => c.received.find((m) => m.type === 'error' && m.code === 'rate-limited'));
    expect(err).toMatchObject({ message: expect.stringContaining('messages/s') });
    const errors = c.received.filter((m) => m.type === 'error');
    expect(errors.length).toBeLessThan(5);
    // After a pause the connection works again.
    await new Promise((r) => setTimeout(r, 300));
    c.type(id, 'display version');
    await eventually(() => c.terminal(id).includes('VRP (R) software'));
    expect(c.ws.readyState).toBe(WebSocket.OPEN);

    // Console input over 1 MiB/s: 2 MiB at once (each frame at the schema's 64 KiB limit).
    await new Promise((r) => setTimeout(r, 300));
    const before = c.received.length;
    const chunk = 'a'.repeat(64 * 1024);
    for (let i = 0; i < 32; i++) c.send({ type: 'console.input', consoleId: id, data: chunk });
    await eventually(() => c.received.slice(before).find((m) => m.type === 'error' && m.code === 'rate-limited' && m.message.includes('console input')));

    // Persistent abuse: keep flooding until the server closes with 1008.
    const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    let stop = false;
    void closed.then(() => (stop = true));
    const until = Date.now() + 15_000;
    while (!stop && Date.now() < until) {
      for (let i = 0; i < 500 && c.ws.readyState === WebSocket.OPEN; i++) c.send({ type: 'hello', protocol: PROTOCOL_VERSION });
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await closed).toBe(1008);
    // Other clients are unaffected.
    const d = await wsClient(s.url);
    await d.hello();
    d.ws.close();
  }, 30_000);
});

describe('a lab that is not yours gets nothing', () => {
  it('after DELETE, /ws?lab=<id> is refused and every per-lab REST endpoint is 404', async () => {
    const s = await start();
    const made = await fetch(`${s.url}/api/labs`, { method: 'POST' });
    const { id } = (await made.json()) as { id: string };
    expect((await fetch(`${s.url}/api/labs/${id}`, { method: 'DELETE' })).status).toBe(204);
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/ws?lab=${id}`);
    const status = await new Promise<number>((r) => {
      ws.once('unexpected-response', (_q, res) => r(res.statusCode ?? 0));
      ws.once('open', () => r(101));
      ws.once('error', () => {});
    });
    expect(status).toBe(404);
    const perLab = ROUTES.filter((r) => r.method === 'GET' && r.path.startsWith('/api/labs/:id'));
    expect(perLab.length).toBeGreaterThan(4);
    for (const r of perLab) {
      const res = await fetch(s.url + r.path.replace(':id', id));
      expect(res.status, r.path).toBe(404);
      expect(await res.text()).not.toContain('HUAWEI');
    }
    // Guessing: an id that never existed is the same 404.
    expect((await fetch(`${s.url}/api/labs/${'x'.repeat(21)}/sessions`)).status).toBe(404);
  });
});

describe('binding', () => {
  it('refuses a HOST other than loopback unless BMPLAB_ALLOW_PUBLIC_BIND=1 or --public', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.0.2.1', 'example.org', '128.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
    expect(() => readConfig({ HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => readConfig({ HOST: '0.0.0.0' })).toThrow(/BMPLAB_ALLOW_PUBLIC_BIND=1/);
    expect(readConfig({ HOST: '0.0.0.0', BMPLAB_ALLOW_PUBLIC_BIND: '1' })).toMatchObject({ host: '0.0.0.0', allowPublicBind: true });
    expect(() => readConfig({ BMPLAB_ALLOW_PUBLIC_BIND: 'yes' })).toThrow(/must be 1/);
    expect(readArgs(['--public'])).toMatchObject({ public: true });
    expect(() => readConfig({ BMPLAB_ALLOWED_ORIGINS: 'evil' })).toThrow(/BMPLAB_ALLOWED_ORIGINS/);
  });
});
