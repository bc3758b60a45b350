import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION, parseClientMessage } from '@bmp-lab/protocol';
import type { ClientMessage, ServerMessage } from '@bmp-lab/protocol';
import type { Lab } from '../lab/lab.js';
import type { OutputSink } from '../console/console-hub.js';
import { stationDetail } from './station-detail.js';

/** A socket that answers no ping for this long is dead. */
const HEARTBEAT_MS = 15_000;

/**
 * The WebSocket endpoint: validates every client frame, attaches the
 * browser's consoles (new or resumed) and streams the lab's typed events to
 * it. A bad frame gets an `error` message and changes nothing else.
 */
export class WsGateway {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly heartbeat: NodeJS.Timeout;
  private readonly alive = new WeakMap<WebSocket, boolean>();

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
    let greeted = false;
    let unsubscribe: (() => void) | null = null;
    /** Consoles this socket watches, with the sink it attached. */
    const attached = new Map<string, OutputSink>();

    const handle = (msg: ClientMessage): void => {
      if (msg.type === 'hello') {
        if (msg.protocol !== PROTOCOL_VERSION) {
          send({ type: 'error', code: 'protocol-version', message: `server speaks protocol ${PROTOCOL_VERSION}, client ${msg.protocol}` });
          ws.close(1002, 'protocol version');
          return;
        }
        if (greeted) return send({ type: 'error', code: 'duplicate-hello', message: 'hello was already received' });
        greeted = true;
        send({
          type: 'welcome',
          protocol: PROTOCOL_VERSION,
          labId: this.lab.options.id,
          router: this.lab.device.running.sysname,
          stations: this.lab.stationEndpoints().map((s) => s.name),
        });
        for (const m of this.lab.snapshot()) send(m);
        unsubscribe = this.lab.subscribe(send);
        return;
      }
      if (!greeted) return send({ type: 'error', code: 'no-hello', message: `send hello before ${msg.type}` });
      switch (msg.type) {
        case 'console.open': {
          const { record, resumed } = this.lab.consoles.open(msg.consoleId);
          const sink: OutputSink = (data, offset) => send({ type: 'console.output', consoleId: record.id, data, offset });
          attached.set(record.id, sink);
          send({ type: 'console.opened', consoleId: record.id, resumed });
          record.attach(sink, resumed ? (msg.seen ?? 0) : 0);
          return;
        }
        case 'console.input':
        case 'console.resize':
        case 'console.close': {
          const record = attached.has(msg.consoleId) ? this.lab.consoles.get(msg.consoleId) : undefined;
          if (!record) return send({ type: 'error', code: 'unknown-console', message: `console ${msg.consoleId} is not open on this connection` });
          if (msg.type === 'console.input') record.write(record.terminal.input(msg.data));
          else if (msg.type === 'console.resize') record.terminal.resize(msg.cols, msg.rows);
          else {
            attached.delete(msg.consoleId);
            this.lab.consoles.close(msg.consoleId);
            send({ type: 'console.closed', consoleId: msg.consoleId, reason: 'closed by the user' });
          }
          return;
        }
        case 'station.detail':
          return send(stationDetail(this.lab.log, msg.seq));
      }
    };

    ws.on('message', (data, isBinary) => {
      if (isBinary) return send({ type: 'error', code: 'binary-frame', message: 'frames must be JSON text' });
      const parsed = parseClientMessage(data.toString());
      if (!parsed.ok) return send({ type: 'error', code: 'bad-frame', message: parsed.error });
      try {
        handle(parsed.value);
      } catch (e) {
        // A bug in a command must not take the server down with it.
        console.error('bmp-lab: error handling a client message:', e);
        send({ type: 'error', code: 'internal', message: 'the server failed to handle that message; the lab goes on' });
      }
    });
    ws.on('close', () => {
      unsubscribe?.();
      for (const [id, sink] of attached) this.lab.consoles.get(id)?.detach(sink);
      attached.clear();
    });
    ws.on('error', () => ws.terminate());
  }
}
