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
import { originAllowed } from '../security/origin.js';
import { ConnectionLimiter, DEFAULT_RATE_LIMITS } from '../security/rate-limit.js';
import type { RateLimits } from '../security/rate-limit.js';

/** Security settings of the WebSocket endpoint. */
export interface GatewaySecurity {
  /** Origins besides the server's own that may connect (BMPLAB_ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
  /** Per-connection rate limits (default DEFAULT_RATE_LIMITS; null: none, for fuzz tests). */
  rateLimits?: RateLimits | null;
}

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

  constructor(
    private readonly findLab: (id: string) => Lab | undefined,
    private readonly security: GatewaySecurity = {},
  ) {
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
    const origin = originAllowed(req, this.security.allowedOrigins);
    if (!origin.ok) {
      const body = JSON.stringify({ error: origin.reason });
      socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    const id = labIdOf(new URL(req.url ?? '/', 'http://localhost'));
    const lab = this.findLab(id);
    if (!lab) {
      const body = JSON.stringify({ error: `no lab "${id}"; see GET /api/labs` });
      socket.end(`HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    const remoteAddress = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, lab, remoteAddress));
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

  private accept(ws: WebSocket, lab: Lab, remoteAddress: string): void {
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
          const { record, resumed } = lab.consoles.open(msg.consoleId, { address: remoteAddress });
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

    const limits = this.security.rateLimits === undefined ? DEFAULT_RATE_LIMITS : this.security.rateLimits;
    const limiter = limits ? new ConnectionLimiter(limits) : null;
    /** Over a rate limit: drop the message, say so (not for every drop), close on persistent abuse. */
    const limited = (verdict: 'rate-limited' | 'abuse', what: string): void => {
      if (verdict === 'abuse') {
        send({ type: 'error', code: 'rate-limited', message: `closing: ${limiter?.dropped ?? 0} messages over the rate limit` });
        ws.close(1008, 'rate limit');
        return;
      }
      if (limiter?.shouldReport()) send({ type: 'error', code: 'rate-limited', message: `${what}; message dropped` });
    };
    ws.on('message', (data, isBinary) => {
      if (ws.readyState !== ws.OPEN) return;
      const verdict = limiter?.message() ?? 'ok';
      if (verdict !== 'ok') return limited(verdict, `more than ${limits!.messagesPerSecond} messages/s`);
      if (isBinary) return send({ type: 'error', code: 'binary-frame', message: 'frames must be JSON text' });
      const parsed = parseClientMessage(data.toString());
      if (!parsed.ok) return send({ type: 'error', code: 'bad-frame', message: parsed.error });
      if (limiter && parsed.value.type === 'console.input') {
        const v = limiter.consoleInput(Buffer.byteLength(parsed.value.data));
        if (v !== 'ok') return limited(v, `more than ${limits!.consoleBytesPerSecond} bytes/s of console input`);
      }
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
