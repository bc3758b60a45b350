import type { ServerMessage } from '@bmp-lab/protocol';
import type { ConsoleHub, ConsoleRecord, ConsoleWatcher } from '../console/console-hub.js';

/**
 * Console output per `console.output` frame (characters): JSON escapes a
 * control character in 6 bytes, so 32 Ki characters stay under the
 * protocol's 256 KiB frame limit whatever they are.
 */
export const OUTPUT_FRAME_CHARS = 32 * 1024;

/**
 * A console's output as the frames the client accepts: at most OUTPUT_FRAME_CHARS each, never a surrogate pair cut in
 * two. An array, not a generator: a keystroke's echo is one frame, and at a typist's pace (the process's caches cold)
 * resuming a generator is one more piece of code the echo waits for.
 */
export function consoleOutputFrames(consoleId: string, data: string, offset: number): ServerMessage[] {
  if (data.length <= OUTPUT_FRAME_CHARS) return [{ type: 'console.output', consoleId, data, offset }];
  const frames: ServerMessage[] = [];
  for (let at = 0; at < data.length;) {
    let end = Math.min(data.length, at + OUTPUT_FRAME_CHARS);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end--;
    frames.push({ type: 'console.output', consoleId, data: data.slice(at, end), offset: offset + at });
    at = end;
  }
  return frames;
}

/** What a socket's first window sees when another window attaches its console. */
export const TAKEN_OVER_REASON = 'This console was opened in another window.';

/**
 * The consoles one browser socket watches. While the socket is paused
 * (SocketFlow) their output is not sent, only remembered from which offset
 * it was held back: it stays in each console's replay buffer and goes out
 * when the socket resumes, so a socket holds at most one catch-up per console.
 */
export class SocketConsoles {
  private readonly watchers = new Map<string, ConsoleWatcher>();
  /** Console id → first output offset held back while paused. */
  private readonly heldFrom = new Map<string, number>();

  constructor(
    private readonly hub: Pick<ConsoleHub, 'get'>,
    private readonly send: (m: ServerMessage) => void,
    private readonly paused: () => boolean,
  ) {}

  has(id: string): boolean {
    return this.watchers.has(id);
  }

  /** Watch `record` from `seen` on (a console already watched here keeps its watcher: no takeover notice to itself). */
  attach(record: ConsoleRecord, seen: number): void {
    let watcher = this.watchers.get(record.id);
    if (!watcher) {
      const id = record.id;
      watcher = {
        output: (data, offset) => {
          if (!this.paused()) return this.output(id, data, offset);
          if (!this.heldFrom.has(id)) this.heldFrom.set(id, offset);
        },
        takenOver: () => {
          this.watchers.delete(id);
          this.heldFrom.delete(id);
          this.send({ type: 'console.closed', consoleId: id, reason: TAKEN_OVER_REASON, takenOver: true });
        },
      };
      this.watchers.set(id, watcher);
    }
    record.attach(watcher, seen);
  }

  /** The user closed the console on this socket. */
  forget(id: string): void {
    this.watchers.delete(id);
    this.heldFrom.delete(id);
  }

  /** The socket resumed: send each console's output held back since its pause, from the replay buffer. */
  catchUp(): void {
    for (const [id, from] of [...this.heldFrom]) {
      this.heldFrom.delete(id);
      const record = this.hub.get(id);
      if (!record || !this.watchers.has(id)) continue;
      const { data, offset } = record.since(from);
      if (data) this.output(id, data, offset);
      if (this.paused()) break;
    }
  }

  private output(id: string, data: string, offset: number): void {
    for (const frame of consoleOutputFrames(id, data, offset)) this.send(frame);
  }

  /** The socket is gone (or being closed): its consoles wait, unwatched, for a reconnect or their idle timeout. */
  detachAll(): void {
    for (const [id, watcher] of this.watchers) this.hub.get(id)?.detach(watcher);
    this.watchers.clear();
    this.heldFrom.clear();
  }
}
