import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION, parseClientMessage } from '@bmp-lab/protocol';
import type { ClientMessage, ServerMessage } from '@bmp-lab/protocol';
import type { Lab } from '../lab/lab.js';
import type { ConsoleRecord } from '../console/console-hub.js';
import { stationDetail } from './station-detail.js';
import type { ExerciseService } from '../exercises/exercise-service.js';
import { originAllowed } from '../security/origin.js';
import { ConnectionLimiter, DEFAULT_RATE_LIMITS, UpgradeLimiter } from '../security/rate-limit.js';
import type { RateLimits } from '../security/rate-limit.js';
import { CappedRun } from '../console/capped-input.js';
import { VTY_MAX_USERS } from '../console/login-banner.js';
import { VTY_FULL, claimVtySlot } from '../console/vty-slots.js';
import { DEFAULT_FLOW_LIMITS, SocketFlow } from './socket-flow.js';
import type { FlowLimits } from './socket-flow.js';
import { SocketConsoles } from './socket-consoles.js';
import { MessagePump } from './message-pump.js';
import type { Step } from './message-pump.js';
import { ReadOnlyConsoles, readOnlyRequested } from './read-only-watch.js';
import { acceptInstructor } from '../instructor/instructor-socket.js';
import type { InstructorSockets } from '../instructor/instructor-socket.js';

/** Security settings of the WebSocket endpoint. */
export interface GatewaySecurity {
  /** Origins besides the server's own that may connect (BMPLAB_ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
  /** Per-connection rate limits (default DEFAULT_RATE_LIMITS; null: none, for fuzz tests). */
  rateLimits?: RateLimits | null;
  /** Output flow control per socket (default DEFAULT_FLOW_LIMITS). */
  flow?: FlowLimits;
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
 * What one socket may cost is bounded: upgrades per source address, rate
 * limits per connection, output per input chunk (CappedRun), VTY lines
 * (claimVtySlot), and unsent output (SocketFlow pauses a socket that does
 * not read, then closes it).
 */
export class WsGateway {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly heartbeat: NodeJS.Timeout;
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly labOf = new Map<WebSocket, Lab>();
  private readonly flows = new WeakMap<WebSocket, SocketFlow>();
  /** WebSocket upgrades per source address; null without rate limits. */
  private readonly upgrades: UpgradeLimiter | null;
  /** The labs' exercises (exercises.list, exercise.state, exercise.* messages); none: not offered. */
  exercises: ExerciseService | null = null;
  /** The instructor's live table (`/ws?instructor=1`); none: such upgrades answer 404. */
  instructor: InstructorSockets | null = null;

  constructor(
    private readonly findLab: (id: string) => Lab | undefined,
    private readonly security: GatewaySecurity = {},
  ) {
    const limits = security.rateLimits === undefined ? DEFAULT_RATE_LIMITS : security.rateLimits;
    this.upgrades = limits ? new UpgradeLimiter(limits) : null;
    this.heartbeat = setInterval(() => {
      for (const ws of this.wss.clients) {
        // A paused socket reads no pongs; its flow control closes it if it stays stuck.
        if (this.flows.get(ws)?.paused) continue;
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
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.searchParams.has('instructor')) return this.upgradeInstructor(req, socket, head);
    const id = labIdOf(url);
    const lab = this.findLab(id);
    if (!lab) {
      const body = JSON.stringify({ error: `no lab "${id}"; see GET /api/labs` });
      socket.end(`HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    const remoteAddress = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    if (this.upgrades && !this.upgrades.allow(remoteAddress)) {
      const body = JSON.stringify({ error: `more than ${this.upgrades.limits.upgradesPerSecond} WebSocket connections a second from ${remoteAddress}; retry later` });
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket, lab, remoteAddress, readOnlyRequested(url)));
  }

  /** `/ws?instructor=1`: the token comes in the first message (instructor/instructor-socket.ts). */
  private upgradeInstructor(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const instructor = this.instructor;
    const remoteAddress = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    if (!instructor || (this.upgrades && !this.upgrades.allow(remoteAddress))) {
      const [status, error] = instructor
        ? ['429 Too Many Requests', 'too many WebSocket connections a second; retry later']
        : ['404 Not Found', 'the instructor view is off: start the server with BMPLAB_INSTRUCTOR_TOKEN=<token>'];
      const body = JSON.stringify({ error });
      socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.alive.set(ws, true);
      ws.on('pong', () => this.alive.set(ws, true));
      acceptInstructor(ws, remoteAddress, instructor);
    });
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

  /** Browsers of a lab whose sockets are paused now (they do not read fast enough; see SocketFlow). */
  pausedViewers(id: string): number {
    let n = 0;
    for (const [ws, lab] of this.labOf) if (lab.id === id && this.flows.get(ws)?.paused) n++;
    return n;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    this.wss.close();
  }

  private accept(ws: WebSocket, socket: Duplex, lab: Lab, remoteAddress: string, readOnly = false): void {
    this.labOf.set(ws, lab);
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    let greeted = false;
    let unsubscribe: (() => void) | null = null;
    /** Lab events were dropped while the socket was paused: send fresh snapshots when it resumes. */
    let resync = false;
    const flow = new SocketFlow(
      ws,
      socket,
      this.security.flow ?? DEFAULT_FLOW_LIMITS,
      () => {
        // Pongs were not read while paused: do not count that against it.
        this.alive.set(ws, true);
        consoles.catchUp();
        watch?.catchUp();
        if (resync && !flow.paused) {
          resync = false;
          for (const m of lab.snapshot()) send(m);
          for (const m of this.exercises?.snapshot(lab) ?? []) send(m);
        }
        pump.pump();
      },
      () => leave(),
    );
    this.flows.set(ws, flow);
    const send = (m: ServerMessage) => flow.send(JSON.stringify(m));
    /** Consoles this socket watches. */
    const consoles = new SocketConsoles(lab.allConsoles, send, () => flow.paused);
    /** A read-only socket (the instructor's watch): consoles watched without taking them over, nothing typed or changed. */
    const watch = readOnly ? new ReadOnlyConsoles(lab.allConsoles, send, () => flow.paused) : null;
    /** Live lab events: dropped while paused (the snapshots after resuming replace them). */
    const event = (m: ServerMessage) => {
      if (flow.paused) resync = true;
      else send(m);
    };
    /** Stop hearing the lab and let its consoles go (the socket closed, or is being closed for not reading). */
    const leave = () => {
      this.labOf.delete(ws);
      unsubscribe?.();
      unsubscribe = null;
      consoles.detachAll();
      watch?.dispose();
    };

    /**
     * A console's input, run in steps with its output capped (`?` prints a
     * help page per keystroke). Even the first step waits for the next turn
     * of the event loop, so the socket is read meanwhile and the rate limits
     * measure how fast the client sends, not how fast the console runs.
     */
    const runInput = (record: ConsoleRecord, data: string): Step => {
      const run = new CappedRun(record.terminal, data);
      return () => {
        // The console may have been logged out between steps.
        if (lab.findConsole(record.id)?.record !== record) return true;
        // A flood of keys past the line limit rings the bell once, not once per key (as over SSH and Telnet). Looked
        // for before replacing: a keystroke's echo then goes out without a regular expression run on it.
        const out = run.step();
        record.write(out.includes('\x07\x07') ? out.replace(/\x07{2,}/g, '\x07') : out);
        // Noted after the echo has gone out (the instructor's table only needs the time).
        this.instructor?.feed.touch(lab.id);
        return run.done;
      };
    };

    // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- its early exits are `return send(...)`, which is void
    const handle = (msg: ClientMessage): Step | null | void => {
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
          routers: lab.routers.map((r) => ({ sysname: r.sysname, address: r.address })),
          stations: lab.stationEndpoints().map((s) => s.name),
          externalStation: lab.externalStationName(),
        });
        for (const m of lab.snapshot()) send(m);
        for (const m of this.exercises?.snapshot(lab) ?? []) send(m);
        unsubscribe = lab.subscribe(event);
        return;
      }
      if (!greeted) return send({ type: 'error', code: 'no-hello', message: `send hello before ${msg.type}` });
      if (watch?.handle(msg)) return;
      switch (msg.type) {
        case 'console.open': {
          // Resuming a console takes no new VTY (and ignores `router`); a new one needs a free line of its router.
          const existing = msg.consoleId === undefined ? undefined : lab.findConsole(msg.consoleId);
          const router = existing?.router ?? (msg.router === undefined ? lab.routers[0]! : lab.router(msg.router));
          if (!router) {
            return send({ type: 'error', code: 'unknown-router', message: `this lab has no router "${msg.router}"; its routers: ${lab.routerNames().join(', ')}` });
          }
          if (!existing && !claimVtySlot(router)) {
            return send({ type: 'error', code: 'vty-full', message: `${VTY_FULL} (${VTY_MAX_USERS} consoles at most on ${router.sysname}, SSH and Telnet included)` });
          }
          const { record, resumed } = router.consoles.open(msg.consoleId, { address: remoteAddress });
          send({ type: 'console.opened', consoleId: record.id, resumed, router: router.sysname });
          consoles.attach(record, resumed ? (msg.seen ?? 0) : 0);
          return;
        }
        case 'console.input':
        case 'console.resize':
        case 'console.close': {
          const found = consoles.has(msg.consoleId) ? lab.findConsole(msg.consoleId) : undefined;
          const record = found?.record;
          if (!record) return send({ type: 'error', code: 'unknown-console', message: `console ${msg.consoleId} is not open on this connection` });
          // `?` prints a help page per keystroke: one message's output is capped.
          if (msg.type === 'console.input') return runInput(record, msg.data);
          else if (msg.type === 'console.resize') record.terminal.resize(msg.cols, msg.rows);
          else {
            consoles.forget(msg.consoleId);
            found.router.consoles.close(msg.consoleId);
            send({ type: 'console.closed', consoleId: msg.consoleId, reason: 'closed by the user' });
          }
          return;
        }
        case 'topology.move':
          if (!lab.moveNode(msg.node, msg.x, msg.y)) {
            return send({
              type: 'error',
              code: 'unknown-router',
              message: `the topology has no node "${msg.node}" (node ids are router:NAME, neighbor:ADDRESS, station:ADDRESS:PORT)`,
            });
          }
          return;
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

    const pump = new MessagePump<ClientMessage>(
      (msg) => handle(msg) ?? null,
      (e) => {
        // A bug in a command must not take the server down with it.
        lab.logger.error({ err: e }, 'error handling a client message');
        send({ type: 'error', code: 'internal', message: 'the server failed to handle that message; the lab goes on' });
      },
      () => flow.paused,
      (held) => flow.holdInput(held),
    );

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
      // binaryType is ws's default 'nodebuffer': a message is one Buffer.
      const text = (data as Buffer).toString();
      const parsed = parseClientMessage(text);
      if (!parsed.ok) return send({ type: 'error', code: 'bad-frame', message: parsed.error });
      if (limiter && parsed.value.type === 'console.input') {
        const v = limiter.consoleInput(Buffer.byteLength(parsed.value.data));
        if (v !== 'ok') return limited(v, `more than ${limits!.consoleBytesPerSecond} bytes/s of console input`);
      }
      if (limiter && parsed.value.type === 'console.open') {
        const v = limiter.consoleOpen();
        if (v !== 'ok') return limited(v, `more than ${limits!.consoleOpensPerSecond} console.open/s`);
      }
      if (!pump.push(parsed.value, text.length)) ws.close(1008, 'too many messages waiting');
    });
    ws.on('close', () => {
      pump.stop();
      flow.dispose();
      leave();
    });
    ws.on('error', () => ws.terminate());
  }
}
