import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '@bmp-lab/protocol';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

let server: RunningServer;
beforeEach(async () => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
});
afterEach(async () => {
  await server.close();
});

describe('the WebSocket gateway', () => {
  it('greets, snapshots, then runs a console and streams session and station events', async () => {
    const c = await wsClient(server.url);
    await c.hello();
    expect(c.received.slice(0, 3).map((m) => m.type)).toEqual(['welcome', 'sessions.snapshot', 'station.snapshot']);
    expect(c.received[0]).toMatchObject({ stations: ['10.1.1.1:1790', '10.1.1.1:1791'] });
    const id = await c.open();
    expect(c.terminal(id)).toMatch(/^Info: The max number of VTY users is 8, the number of current VTY users online is 1/);
    expect(c.terminal(id).endsWith('<HUAWEI>')).toBe(true);

    c.send({ type: 'console.resize', consoleId: id, cols: 120, rows: 40 });
    c.type(id, 'system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit');
    const up = await eventually(() => c.received.find((m) => m.type === 'session.updated' && m.session.state === 'up' && m.session.sent.initiation === 1));
    expect(up).toMatchObject({ session: { address: '10.1.1.1', port: 1790, alias: null, vpnInstance: null, statisticsTimer: 3600 } });
    const msg = await eventually(() => c.received.find((m) => m.type === 'station.message' && m.message.type === 'initiation'));
    expect(msg).toMatchObject({ message: { station: '10.1.1.1:1790', peer: null, sessionKey: '_public_|10.1.1.1|' } });
    const router = await eventually(() => c.received.find((m) => m.type === 'station.router' && m.router.sysName === 'HUAWEI'));
    expect(router).toMatchObject({ router: { station: '10.1.1.1:1790', received: { initiation: 1 }, sessionKey: '_public_|10.1.1.1|' } });
    expect(c.terminal(id)).toContain('[~HUAWEI-bmp-session-10.1.1.1]');
    expect(c.invalid).toEqual([]);

    // The inspector asks for the message: hex and a decoded tree.
    const seq = msg.type === 'station.message' ? msg.message.seq : -1;
    c.send({ type: 'station.detail', seq });
    const detail = await eventually(() => c.received.find((m) => m.type === 'station.detail'));
    expect(detail.type === 'station.detail' && detail.hex.slice(0, 2)).toBe('03');
    expect(detail.type === 'station.detail' && detail.tree[0]?.children?.[0]).toEqual({ name: 'version', offset: 0, length: 1, value: '3' });
    c.ws.close();
  });

  it('resumes a console after the socket drops, replaying what was missed', async () => {
    const a = await wsClient(server.url);
    await a.hello();
    const id = await a.open();
    a.type(id, 'system-view', 'bmp');
    await eventually(() => a.terminal(id).endsWith('[*HUAWEI-bmp]'));
    const seen = a.terminal(id).length;
    a.ws.terminate();

    const b = await wsClient(server.url);
    await b.hello();
    b.send({ type: 'console.open', consoleId: id, seen: 0 });
    await eventually(() => b.received.find((m) => m.type === 'console.opened'));
    expect(b.received.find((m) => m.type === 'console.opened')).toMatchObject({ consoleId: id, resumed: true });
    // From offset 0 it gets the whole history again: same console, same candidate (the * is still there).
    await eventually(() => b.terminal(id).endsWith('[*HUAWEI-bmp]'));
    expect(b.terminal(id).length).toBe(seen);
    b.type(id, 'return', 'n');
    await eventually(() => b.terminal(id).endsWith('<HUAWEI>'));

    // Resuming from where it was seen replays only the rest.
    const c = await wsClient(server.url);
    await c.hello();
    const total = b.terminal(id).length;
    b.ws.terminate();
    c.send({ type: 'console.open', consoleId: id, seen: total - 8 });
    await eventually(() => c.terminal(id) === '<HUAWEI>');
    const out = c.received.find((m) => m.type === 'console.output');
    expect(out).toMatchObject({ offset: total - 8 });
    c.ws.close();
  });

  it('opens several consoles on one socket, each with its own view', async () => {
    const c = await wsClient(server.url);
    await c.hello();
    const one = await c.open();
    const two = await c.open();
    expect(one).not.toBe(two);
    c.type(one, 'system-view');
    await eventually(() => c.terminal(one).endsWith('[~HUAWEI]'));
    expect(c.terminal(two).endsWith('<HUAWEI>')).toBe(true);
    expect(c.terminal(two)).toContain('number of current VTY users online is 2');
    c.send({ type: 'console.close', consoleId: one });
    await eventually(() => c.received.find((m) => m.type === 'console.closed'));
    c.send({ type: 'console.input', consoleId: one, data: 'x' });
    await eventually(() => c.received.find((m) => m.type === 'error' && m.code === 'unknown-console'));
    c.ws.close();
  });

  it('answers a bad frame with an error and keeps the connection', async () => {
    const c = await wsClient(server.url);
    c.ws.send('{not json');
    c.send({ type: 'console.open' });
    c.send({ type: 'hello', protocol: PROTOCOL_VERSION });
    c.send({ type: 'console.resize', consoleId: 'x', cols: -1, rows: 2 });
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await eventually(() => c.received.filter((m) => m.type === 'error').length >= 4);
    expect(c.received.filter((m) => m.type === 'error').map((m) => m.type === 'error' && m.code)).toEqual(['bad-frame', 'no-hello', 'bad-frame', 'binary-frame']);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });

  it('refuses another protocol version', async () => {
    const c = await wsClient(server.url);
    c.send({ type: 'hello', protocol: PROTOCOL_VERSION + 1 });
    await new Promise((r) => c.ws.once('close', r));
    expect(c.received[0]).toMatchObject({ type: 'error', code: 'protocol-version' });
  });

  it('answers GET /api/health', async () => {
    const res = await fetch(server.url + '/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', protocol: PROTOCOL_VERSION, stations: ['10.1.1.1:1790', '10.1.1.1:1791'] });
  });
});
