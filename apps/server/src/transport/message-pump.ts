/** Work left over from a message: run it in steps; true when it is finished. */
export type Step = () => boolean;

/**
 * Bytes or messages waiting above which the socket is no longer read (the
 * bytes: the console input burst of the rate limits).
 */
export const QUEUE_HOLD_BYTES = 1024 * 1024;
export const QUEUE_HOLD_MESSAGES = 1024;
/**
 * Messages one socket may have waiting; more closes it. Reading stops at
 * QUEUE_HOLD_MESSAGES, and what one read of the socket (64 KiB) already
 * brought still arrives: a few thousand small frames at most.
 */
export const MAX_QUEUED_MESSAGES = 16 * 1024;

/**
 * The client messages of one socket, handled one at a time in arrival
 * order. A handler may leave work (`Step`, e.g. a long console input): it
 * runs one step per turn of the event loop, so other sockets are served in
 * between, and the next message waits for it. The first step of the first
 * work in a turn runs at once: a keystroke's echo then leaves in the same
 * turn it arrived in, instead of a turn later (a tenth of a millisecond or
 * more on every key), while a burst of messages still gets one step per turn. Messages arriving meanwhile
 * queue up (the rate limits see them as they come); past QUEUE_HOLD_BYTES
 * the owner stops reading the socket (`hold`), which bounds the queue.
 * While `blocked` (the socket's output is paused) nothing runs.
 */
export class MessagePump<M> {
  private readonly queue: { message: M; bytes: number }[] = [];
  private queuedBytes = 0;
  private work: Step | null = null;
  private scheduled = false;
  private stopped = false;
  /** A step ran at once in this turn of the event loop (reset by the next turn). */
  private ranAtOnce = false;

  constructor(
    private readonly handle: (message: M) => Step | null,
    /** Something went wrong running a step (a bug in a command): the work is dropped. */
    private readonly failed: (error: unknown) => void,
    private readonly blocked: () => boolean,
    private readonly hold: (held: boolean) => void,
  ) {}

  /** A message of `bytes` arrived; false (nothing queued) when too many wait. */
  push(message: M, bytes: number): boolean {
    if (this.stopped) return true;
    if (this.queue.length >= MAX_QUEUED_MESSAGES) return false;
    this.queue.push({ message, bytes });
    this.queuedBytes += bytes;
    this.pump();
    return true;
  }

  /** Go on after `blocked` turned false. */
  pump(): void {
    if (this.stopped) return;
    while (!this.blocked()) {
      if (this.work && !this.ranAtOnce) {
        this.ranAtOnce = true;
        const work = this.work;
        const finished = this.guard(() => (work() ? null : work)) === null;
        // Set after the step, whose output (a keystroke's echo) is then already written: at a typist's pace, with
        // the process's caches cold, scheduling an immediate takes about 17 µs (timed inside the server).
        setImmediate(() => (this.ranAtOnce = false));
        if (finished) {
          this.work = null;
          continue;
        }
      }
      if (this.work) {
        this.schedule();
        break;
      }
      const next = this.queue.shift();
      if (next === undefined) break;
      this.queuedBytes -= next.bytes;
      this.work = this.guard(() => this.handle(next.message));
    }
    this.hold(this.queuedBytes > QUEUE_HOLD_BYTES || this.queue.length > QUEUE_HOLD_MESSAGES);
  }

  /** The socket closed: drop what waits. */
  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.work = null;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.stopped || !this.work || this.blocked()) return;
      const work = this.work;
      if (this.guard(() => (work() ? null : work)) === null) this.work = null;
      this.pump();
    });
  }

  private guard(run: () => Step | null): Step | null {
    try {
      return run();
    } catch (e) {
      this.failed(e);
      return null;
    }
  }
}
