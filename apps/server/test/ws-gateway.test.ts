import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, parseServerMessage } from '@bmp-lab/protocol';
import type { ServerMessage } from '@bmp-lab/protocol';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';

let server: RunningServer;
beforeEach(async () => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
});
afterEach(async () => {
  await server.close();
});

/** A browser as the server sees it: a real WebSocket client that validates what it receives. */
async function client() {
  const ws = new WebSocket(server.url.replace('http', 'ws') + '/ws');
  const received: ServerMessage[] = [];
  ws.on('message', (data) => {
    const m = parseServerMessage(data.toString());
    if (!m.ok) throw new Error(`server sent an invalid frame: ${m.error}`);
    received.push(m.value);
  });
  await new Promise((r) => ws.once('open', r));
  const terminal = () => received.flatMap((m) => (m.type === 'console.output' ? [m.data] : [])).join('');
  return { ws, received, terminal, send: (m: object) => ws.send(JSON.stringify(m)) };
}

describe('the WebSocket gateway', () => {
  it('greets, snapshots, then runs the console and streams session and station events', async () => {
    const c = await client();
    c.send({ type: 'hello', protocol: PROTOCOL_VERSION });
    await eventually(() => c.terminal().includes('<HUAWEI>'));
    expect(c.received.slice(0, 3).map((m) => m.type)).toEqual(['welcome', 'sessions.snapshot', 'station.snapshot']);
    expect(c.terminal()).toMatch(/^Info: The max number of VTY users is 8, the number of current VTY users online is 1/);

    c.send({ type: 'console.resize', cols: 120, rows: 40 });
    for (const line of ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit']) {
      c.send({ type: 'console.input', data: line + '\r' });
    }
    const up = await eventually(() =>
      c.received.find((m) => m.type === 'session.updated' && m.session.state === 'up' && m.session.sent.initiation === 1),
    );
    expect(up).toMatchObject({ session: { address: '10.1.1.1', port: 1790, alias: null, vpnInstance: null } });
    await eventually(() => c.received.find((m) => m.type === 'station.message' && m.message.type === 'initiation'));
    expect(c.terminal()).toContain('[~HUAWEI-bmp-session-10.1.1.1]');
    c.ws.close();
  });

  it('answers a bad frame with an error and keeps the connection', async () => {
    const c = await client();
    c.ws.send('{not json');
    c.send({ type: 'console.input', data: 'x' });
    c.send({ type: 'hello', protocol: PROTOCOL_VERSION });
    c.send({ type: 'console.resize', cols: -1, rows: 2 });
    await eventually(() => c.received.filter((m) => m.type === 'error').length >= 3);
    expect(c.received.filter((m) => m.type === 'error').map((m) => m.type === 'error' && m.code)).toEqual([
      'bad-frame',
      'no-hello',
      'bad-frame',
    ]);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });

  it('refuses another protocol version', async () => {
    const c = await client();
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
