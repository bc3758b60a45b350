import type { ClientMessage, ServerMessage } from '@bmp-lab/protocol';
import type { ConsoleHub } from '../console/console-hub.js';
import { consoleOutputFrames } from './socket-consoles.js';

/** How often a watched console's new output is looked for (ms). */
export const WATCH_POLL_MS = 100;

/** Whether a WebSocket URL asks for a read-only socket (`/ws?lab=<id>&readonly=1`, the instructor's watch). */
export function readOnlyRequested(url: URL): boolean {
  const v = url.searchParams.get('readonly');
  return v !== null && v !== '0' && v !== 'false';
}

/**
 * The consoles a read-only socket watches. The trainee keeps their console:
 * a watcher is not attached to it (attaching would take it over), it reads
 * the console's replay buffer every WATCH_POLL_MS instead and sends what is
 * new, so watching costs the trainee nothing and cannot steal their input.
 * A console that logged out is reported closed.
 */
export class ReadOnlyConsoles {
  /** Console id → next output offset to send. */
  private readonly offsets = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly hub: Pick<ConsoleHub, 'get'>,
    private readonly send: (m: ServerMessage) => void,
    private readonly paused: () => boolean,
  ) {}

  /**
   * Act on a message of a read-only socket; true when it was handled here
   * (watched or refused), false for the messages that read (the gateway runs them).
   */
  handle(msg: ClientMessage): boolean {
    switch (msg.type) {
      case 'console.open': {
        const record = msg.consoleId === undefined ? undefined : this.hub.get(msg.consoleId);
        if (!record) {
          this.send({ type: 'error', code: 'read-only', message: 'a read-only connection watches an open console of the lab: console.open needs the id of one' });
          return true;
        }
        this.send({ type: 'console.opened', consoleId: record.id, resumed: true });
        this.offsets.set(record.id, msg.seen ?? 0);
        this.poll();
        if (!this.timer) {
          this.timer = setInterval(() => this.poll(), WATCH_POLL_MS);
          this.timer.unref();
        }
        return true;
      }
      // The trainee's terminal keeps its own size.
      case 'console.resize':
        return true;
      case 'console.input':
      case 'console.close':
      case 'exercise.start':
      case 'exercise.reset':
      case 'exercise.checkpoint':
      case 'exercise.hint':
      case 'topology.move':
        this.send({ type: 'error', code: 'read-only', message: `${msg.type} refused: this connection is read-only (it watches the lab)` });
        return true;
      default:
        return false;
    }
  }

  /** The socket resumed after a pause: send what was held back. */
  catchUp(): void {
    this.poll();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.offsets.clear();
  }

  private poll(): void {
    if (this.paused()) return;
    for (const [id, from] of [...this.offsets]) {
      const record = this.hub.get(id);
      if (!record) {
        this.offsets.delete(id);
        this.send({ type: 'console.closed', consoleId: id, reason: 'the console was logged out' });
        continue;
      }
      if (record.total <= from) continue;
      const { data, offset } = record.since(from);
      this.offsets.set(id, offset + data.length);
      for (const frame of consoleOutputFrames(id, data, offset)) this.send(frame);
    }
    if (this.offsets.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
