import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { captureLog } from '../src/log.js';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig, ConfigError } from '../src/config.js';
import { hostAllowed, parseHostName } from '../src/security/host-check.js';
import { GuessThrottle } from '../src/security/guess-throttle.js';
import { eventually } from './lab-harness.js';

/** The doors of the HTTP server: who lists labs, cross-site writes, DNS rebinding, oversized and aborted bodies, token guesses. */

const servers: RunningServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(env: Record<string, string> = {}): Promise<RunningServer> {
  const s = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off', ...env }));
  servers.push(s);
  return s;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, so that any Host header can be sent (fetch sets its own). */
function call(url: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url + path, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.once('error', reject);
    req.end(options.body);
  });
}

const cookieOf = (a: Answer) => String(a.headers['set-cookie'] ?? '').split(';')[0]!;
const ids = (a: Answer) => (JSON.parse(a.body) as { id: string }[]).map((l) => l.id);

describe('GET /api/labs', () => {
  it('lists every lab only with the instructor token; else the labs of the caller’s cookie; else 401', async () => {
    const s = await serve({ BMPLAB_INSTRUCTOR_TOKEN: 'sesame' });
    const anonymous = await call(s.url, '/api/labs');
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body).error).toMatch(/instructor token/);

    const a = await call(s.url, '/api/labs', { method: 'POST' });
    expect(a.status).toBe(201);
    const cookieA = cookieOf(a);
    expect(String(a.headers['set-cookie'])).toMatch(/HttpOnly/);
    expect(String(a.headers['set-cookie'])).toMatch(/SameSite=Strict/);
    const a2 = await call(s.url, '/api/labs', { method: 'POST', headers: { cookie: cookieA } });
    const b = await call(s.url, '/api/labs', { method: 'POST' });
    const idA = JSON.parse(a.body).id as string;
    const idA2 = JSON.parse(a2.body).id as string;
    const idB = JSON.parse(b.body).id as string;

    // Each caller sees what it created, never the default lab nor another caller's.
    expect(ids(await call(s.url, '/api/labs', { headers: { cookie: cookieOf(a2) } }))).toEqual([idA, idA2]);
    expect(ids(await call(s.url, '/api/labs', { headers: { cookie: cookieOf(b) } }))).toEqual([idB]);
    expect((await call(s.url, '/api/labs', { headers: { 'x-instructor-token': 'wrong' } })).status).toBe(401);
    expect(ids(await call(s.url, '/api/labs?token=sesame'))).toEqual(['default', idA, idA2, idB]);
    expect(ids(await call(s.url, '/api/labs', { headers: { authorization: 'Bearer sesame' } }))).toHaveLength(4);

    // A deleted lab drops out of its creator's list; the id still opens a lab it names.
    expect((await call(s.url, `/api/labs/${idA}`, { method: 'DELETE' })).status).toBe(204);
    expect(ids(await call(s.url, '/api/labs', { headers: { cookie: cookieOf(a2) } }))).toEqual([idA2]);
    expect((await call(s.url, `/api/labs/${idB}`)).status).toBe(200);
  });

  it('throttles wrong instructor tokens per address: 429 past ten a minute, even for the right one', async () => {
    const s = await serve({ BMPLAB_INSTRUCTOR_TOKEN: 'sesame' });
    for (let i = 0; i < 10; i++) expect((await call(s.url, `/api/instructor/labs?token=guess${i}`)).status).toBe(401);
    const over = await call(s.url, '/api/instructor/labs?token=guess10');
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call(s.url, '/api/instructor/labs?token=sesame')).status).toBe(429);
    expect((await call(s.url, '/api/labs?token=sesame')).status).toBe(429);
  });

  it('GuessThrottle refills at its rate and forgets the oldest source past its bound', () => {
    let t = 0;
    const g = new GuessThrottle(2, () => t, 2);
    expect([g.wrong('a'), g.wrong('a'), g.wrong('a')]).toEqual([true, true, false]);
    expect(g.allowed('a')).toBe(false);
    t += 30_000;
    expect(g.allowed('a')).toBe(true);
    expect(g.wrong('a')).toBe(true);
    g.wrong('b');
    g.wrong('c');
    expect(g.allowed('a')).toBe(true);
  });
});

describe('writes need a non-simple request', () => {
  it('refuses text/plain, form and multipart bodies with 415 and creates nothing', async () => {
    const s = await serve();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain; charset=utf-8']) {
      const r = await call(s.url, '/api/labs', { method: 'POST', headers: { 'content-type': type }, body: '{"topology":"router: {}"}' });
      expect(r.status, type).toBe(415);
      expect(JSON.parse(r.body).error).toMatch(/application\/json/);
    }
    const cli = await call(s.url, '/api/labs/default/cli', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"lines":["system-view","sysname X","commit"]}' });
    expect(cli.status).toBe(415);
    // A body without any content-type is refused too.
    expect((await call(s.url, '/api/labs', { method: 'POST', body: '{}' })).status).toBe(415);
    expect(s.labs.size).toBe(1);
    expect(s.lab.device.running.sysname).not.toBe('X');
  });

  it('takes JSON, a YAML topology with its type, and no body at all', async () => {
    const s = await serve();
    expect((await call(s.url, '/api/labs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(201);
    const yaml = await call(s.url, '/api/labs', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: 'router:\n  sysname: YAML-1\n' });
    expect(yaml.status).toBe(201);
    expect(JSON.parse(yaml.body).router).toBe('YAML-1');
    expect((await call(s.url, '/api/labs', { method: 'POST' })).status).toBe(201);
    expect(s.labs.size).toBe(4);
  });

  it('refuses a write from another site’s page (Origin) with 403', async () => {
    const s = await serve({ BMPLAB_ALLOWED_ORIGINS: 'https://lab.example.org' });
    const port = new URL(s.url).port;
    const json = { 'content-type': 'application/json' };
    expect((await call(s.url, '/api/labs', { method: 'POST', headers: { ...json, origin: 'https://evil.example' }, body: '{}' })).status).toBe(403);
    const other = await call(s.url, '/api/labs', { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(other.status).toBe(403);
    expect(JSON.parse(other.body).error).toMatch(/Origin/);
    expect(s.labs.size).toBe(1);
    expect((await call(s.url, '/api/labs', { method: 'POST', headers: { ...json, origin: `http://127.0.0.1:${port}` }, body: '{}' })).status).toBe(201);
    expect((await call(s.url, '/api/labs', { method: 'POST', headers: { ...json, origin: 'https://lab.example.org' }, body: '{}' })).status).toBe(201);
  });
});

/** The HTTP status of a WebSocket handshake sent with this Host (and Origin). */
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

describe('Host check (DNS rebinding)', () => {
  it('refuses a foreign Host on HTTP and on the WebSocket upgrade, even with a matching Origin', async () => {
    const s = await serve({ BMPLAB_ALLOWED_HOSTS: 'lab.example.org, class.example:8443' });
    const port = new URL(s.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'lab.example.org', `LAB.example.org:${port}`, 'class.example:8443']) {
      expect((await call(s.url, '/api/health', { headers: { host } })).status, host).toBe(200);
      expect((await handshake(s.url, { host })).status, host).toBe(101);
    }
    for (const host of [`evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`, 'localhost', 'class.example:8444', `localhost.evil.example:${port}`, 'a b']) {
      const r = await call(s.url, '/api/health', { headers: { host } });
      expect(r.status, host).toBe(421);
      expect(JSON.parse(r.body).error).toMatch(/BMPLAB_ALLOWED_HOSTS/);
      expect((await handshake(s.url, { host })).status, host).toBe(421);
    }
    // A rebinding page is same-origin with itself: its Origin matches its Host, and still nothing happens.
    const rebinding = { host: `evil.example:${port}`, origin: `http://evil.example:${port}` };
    const post = await call(s.url, '/api/labs', { method: 'POST', headers: { ...rebinding, 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(421);
    expect((await handshake(s.url, rebinding)).status).toBe(421);
    expect((await call(s.url, '/', { headers: rebinding })).status).toBe(421);
    expect(s.labs.size).toBe(1);
  });

  it('parses and checks Host names; BMPLAB_ALLOWED_HOSTS refuses what is not a host', () => {
    expect(parseHostName('Lab.Example.org.:8080')).toEqual({ name: 'lab.example.org', port: 8080 });
    expect(parseHostName('[::1]')).toEqual({ name: '::1', port: null });
    for (const bad of ['', 'a b', 'x:99999', 'http://x', '[zz]:1']) expect(parseHostName(bad), bad).toBeNull();
    const rule = (bindHost: string) => ({ bindHost, port: 8080, allowedHosts: [] });
    expect(hostAllowed('192.0.2.10:8080', rule('192.0.2.10')).ok).toBe(true);
    expect(hostAllowed('0.0.0.0:8080', rule('0.0.0.0')).ok).toBe(false);
    expect(hostAllowed(undefined, rule('127.0.0.1')).ok).toBe(false);
    expect(() => readConfig({ BMPLAB_ALLOWED_HOSTS: 'http://lab.example.org' })).toThrow(ConfigError);
    expect(readConfig({ BMPLAB_ALLOWED_HOSTS: 'lab.example.org:8443' }).allowedHosts).toEqual([{ name: 'lab.example.org', port: 8443 }]);
  });
});

/** Send a request head, then body bytes until the server answers or closes; what came back and how much was sent. */
function oversized(url: string, head: string, chunk: Buffer, limit: number): Promise<{ response: string; sent: number; closed: boolean; closeAfterAnswer: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let response = '';
    let sent = 0;
    let closed = false;
    let answeredAt = 0;
    const pump = () => {
      while (!closed && sent < limit) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    socket.on('data', (d) => {
      answeredAt ||= performance.now();
      response += d.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      resolve({ response, sent, closed, closeAfterAnswer: performance.now() - answeredAt });
    });
    socket.once('connect', () => {
      socket.write(head);
      pump();
    });
  });
}

describe('request bodies', () => {
  const total = 64 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, 0x61);

  it('answers 413 and closes the connection at once for a body declared too large', async () => {
    const s = await serve();
    const host = new URL(s.url).host;
    const r = await oversized(s.url, `POST /api/labs HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: ${total}\r\n\r\n`, chunk, total);
    expect(r.response).toMatch(/^HTTP\/1\.1 413/);
    expect(r.response.toLowerCase()).toContain('connection: close');
    expect(r.closed).toBe(true);
    expect(r.closeAfterAnswer).toBeLessThan(2000);
    expect(r.sent).toBeLessThan(total);
  });

  it('answers 413 and closes when a chunked body runs over the limit', async () => {
    const s = await serve();
    const host = new URL(s.url).host;
    const piece = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const r = await oversized(s.url, `POST /api/labs HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`, piece, total);
    expect(r.response).toMatch(/^HTTP\/1\.1 413/);
    expect(r.closed).toBe(true);
    // Liveness: the server hangs up right after its answer instead of reading on.
    expect(r.closeAfterAnswer).toBeLessThan(2000);
    expect(r.sent).toBeLessThan(total);
    expect(s.labs.size).toBe(1);
  });

  it('logs one line, no stack, when a client aborts its upload', async () => {
    const s = await serve();
    const captured = captureLog();
    onTestFinished(() => captured.restore());
    const { hostname, port } = new URL(s.url);
    const socket = connect({ host: hostname, port: Number(port) });
    await new Promise((r) => socket.once('connect', r));
    socket.write(`POST /api/labs HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"topo`);
    await eventually(() => s.labs.size === 1 && socket.bytesWritten > 0);
    // Give the server the head and the first bytes before the client goes away.
    expect((await call(s.url, '/api/health')).status).toBe(200);
    socket.destroy();
    await eventually(() => captured.records.some((r) => r.level === 'warn' || r.level === 'error'));
    expect(captured.lines('error')).toEqual([]);
    expect(captured.lines('warn')).toHaveLength(1);
    const line = captured.lines('warn')[0]!;
    expect(line).toMatch(/POST \/api\/labs: the client closed the connection/);
    expect(line).not.toContain('\n');
  });
});
