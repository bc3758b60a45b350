import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION, parseClientMessage } from '@bmp-lab/protocol';
import type { ServerMessage } from '@bmp-lab/protocol';
import type { Lab } from '../lab/lab.js';
import type { Terminal } from '@bmp-lab/router';
import { loginBanner } from './login-banner.js';

/** A socket that answers no ping for this long is dead. */
const HEARTBEAT_MS = 15_000;

/**
 * The WebSocket endpoint: validates every client frame, gives each browser a
 * console on the lab's router, and streams the lab's typed events to it.
 * A bad frame gets an `error` message and changes nothing else.
 */
export class WsGateway {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly heartbeat: NodeJS.Timeout;
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private consoles = 0;

  constructor(private readonly lab: Lab) {
    this.wss.on('connection', (ws) => this.accept(ws));
    this.heartbeat = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (this.alive.get(ws) === false) {
          ws.terminate();
          continue;
        }
        this.alive.set(ws, false);
        ws.ping();
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    this.wss.close();
  }

  private accept(ws: WebSocket): void {
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    const send = (m: ServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    };
    let terminal: Terminal | null = null;
    const output = (data: string) => {
      if (data) send({ type: 'console.output', data });
    };
    let unsubscribe: (() => void) | null = null;

    ws.on('message', (data, isBinary) => {
      if (isBinary) return send({ type: 'error', code: 'binary-frame', message: 'frames must be JSON text' });
      const parsed = parseClientMessage(data.toString());
      if (!parsed.ok) return send({ type: 'error', code: 'bad-frame', message: parsed.error });
      const msg = parsed.value;
      if (msg.type === 'hello') {
        if (msg.protocol !== PROTOCOL_VERSION) {
          send({ type: 'error', code: 'protocol-version', message: `server speaks protocol ${PROTOCOL_VERSION}, client ${msg.protocol}` });
          return ws.close(1002, 'protocol version');
        }
        if (terminal) return send({ type: 'error', code: 'duplicate-hello', message: 'hello was already received' });
        send({ type: 'welcome', protocol: PROTOCOL_VERSION, labId: this.lab.options.id, router: this.lab.device.running.sysname });
        for (const m of this.lab.snapshot()) send(m);
        unsubscribe = this.lab.subscribe(send);
        this.consoles++;
        terminal = this.lab.device.openTerminal();
        output(terminal.open(loginBanner(new Date(), this.consoles)));
        return;
      }
      if (!terminal) return send({ type: 'error', code: 'no-hello', message: `send hello before ${msg.type}` });
      try {
        if (msg.type === 'console.input') output(terminal.input(msg.data));
        else terminal.resize(msg.cols, msg.rows);
      } catch (e) {
        // A bug in a command must not take the server down with it.
        console.error('bmp-lab: console error:', e);
        send({ type: 'error', code: 'internal', message: 'the console failed to handle that input; the lab goes on' });
      }
    });
    ws.on('close', () => {
      unsubscribe?.();
      if (terminal) this.consoles--;
    });
    ws.on('error', () => ws.terminate());
  }
}
