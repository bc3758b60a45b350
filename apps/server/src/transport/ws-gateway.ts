import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION, parseClientMessage } from '@bmp-lab/protocol';
import type { ClientMessage, ServerMessage } from '@bmp-lab/protocol';
import type { Lab } from '../lab/lab.js';
import type { OutputSink } from '../console/console-hub.js';
import { stationDetail } from './station-detail.js';
import type { ExerciseService } from '../exercises/exercise-service.js';

/** A socket that answers no ping for this long is dead. */
const HEARTBEAT_MS = 15_000;
/** Close code for the sockets of a lab that was deleted (application range 4000-4999). */
export const CLOSE_LAB_DELETED = 4404;

/** The lab a WebSocket URL asks for: `/ws?lab=<id>`; none means the default lab. */
export function labIdOf(url: URL): string {
  return url.searchParams.get('lab') || 'default';
}

/**
 * The WebSocket endpoint: validates every client frame, attaches the
 * browser's consoles (new or resumed) and streams the lab's typed events to
 * it. A bad frame gets an `error` message and changes nothing else. Each
 * socket belongs to one lab (`/ws?lab=<id>`) and hears only that lab.
 */
export class WsGateway {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly heartbeat: NodeJS.Timeout;
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly labOf = new Map<WebSocket, Lab>();
  /** The labs' exercises (exercises.list, exercise.state, exercise.* messages); none: not offered. */
  exercises: ExerciseService | null = null;

  constructor(private readonly findLab: (id: string) => Lab | undefined) {
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
    const id = labIdOf(new URL(req.url ?? '/', 'http://localhost'));
    const lab = this.findLab(id);
    if (!lab) {
      const body = JSON.stringify({ error: `no lab "${id}"; see GET /api/labs` });
      socket.end(`HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, lab));
  }

  /** The lab is gone: close its sockets (the browsers see close code 4404). */
  closeLab(id: string): void {
    for (const [ws, lab] of this.labOf) if (lab.id === id) ws.close(CLOSE_LAB_DELETED, 'lab deleted');
  }

  /** Browsers connected to a lab. */
  viewers(id: string): number {
    let n = 0;
    for (const lab of this.labOf.values()) if (lab.id === id) n++;
    return n;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    this.wss.close();
  }

  private accept(ws: WebSocket, lab: Lab): void {
    this.labOf.set(ws, lab);
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
          labId: lab.id,
          router: lab.device.running.sysname,
          stations: lab.stationEndpoints().map((s) => s.name),
        });
        for (const m of lab.snapshot()) send(m);
        for (const m of this.exercises?.snapshot(lab) ?? []) send(m);
        unsubscribe = lab.subscribe(send);
        return;
      }
      if (!greeted) return send({ type: 'error', code: 'no-hello', message: `send hello before ${msg.type}` });
      switch (msg.type) {
        case 'console.open': {
          const { record, resumed } = lab.consoles.open(msg.consoleId);
          const sink: OutputSink = (data, offset) => send({ type: 'console.output', consoleId: record.id, data, offset });
          attached.set(record.id, sink);
          send({ type: 'console.opened', consoleId: record.id, resumed });
          record.attach(sink, resumed ? (msg.seen ?? 0) : 0);
          return;
        }
        case 'console.input':
        case 'console.resize':
        case 'console.close': {
          const record = attached.has(msg.consoleId) ? lab.consoles.get(msg.consoleId) : undefined;
          if (!record) return send({ type: 'error', code: 'unknown-console', message: `console ${msg.consoleId} is not open on this connection` });
          if (msg.type === 'console.input') record.write(record.terminal.input(msg.data));
          else if (msg.type === 'console.resize') record.terminal.resize(msg.cols, msg.rows);
          else {
            attached.delete(msg.consoleId);
            lab.consoles.close(msg.consoleId);
            send({ type: 'console.closed', consoleId: msg.consoleId, reason: 'closed by the user' });
          }
          return;
        }
        case 'station.detail':
          return send(stationDetail({ bytes: (seq) => lab.messageBytes(seq) }, msg.seq));
        case 'exercise.start':
        case 'exercise.hint':
        case 'exercise.reset':
        case 'exercise.checkpoint':
          if (!this.exercises) return send({ type: 'error', code: 'no-exercises', message: 'this server offers no exercises' });
          return this.exercises.handle(lab, msg, send);
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
      this.labOf.delete(ws);
      unsubscribe?.();
      for (const [id, sink] of attached) lab.consoles.get(id)?.detach(sink);
      attached.clear();
    });
    ws.on('error', () => ws.terminate());
  }
}
