import { randomUUID } from 'node:crypto';
import type { Terminal } from '@bmp-lab/router';
import { VTY_MAX_USERS } from './login-banner.js';
import { replayableScrollback } from './stored-scrollback.js';

/** Who opens a console (the Network Address of `display users`). */
export interface ConsoleLogin {
  address: string;
}

/** Output kept per console for a browser that reconnects (characters). */
export const CONSOLE_BUFFER_CHARS = 256 * 1024;
/**
 * How far past CONSOLE_BUFFER_CHARS the buffer grows before it is cut back.
 * A cut copies the whole buffer: cut on every write, a console that had
 * printed 256 KiB paid that copy (about 0.2 ms) for every key it echoed.
 */
const CONSOLE_BUFFER_SLACK = CONSOLE_BUFFER_CHARS / 4;
/** A console nobody watches logs out after this long, like an idle vty (VRP's idle-timeout is 10 minutes). */
export const CONSOLE_IDLE_MS = 10 * 60 * 1000;

export type OutputSink = (data: string, offset: number) => void;

/** Who watches a console: where its output goes, and how it hears that another socket took the console over. */
export interface ConsoleWatcher {
  output: OutputSink;
  /** Another watcher attached the console: this one gets no more output. */
  takenOver(): void;
}

/** Order in which consoles lost their watcher (the oldest detached console is logged out first). */
let detachCount = 0;

/** What persistence hears from the consoles of a lab. */
export interface ConsoleHooks {
  /** A console printed something (its scrollback changed). */
  changed?(record: ConsoleRecord): void;
  /** A console logged out (by the user, or idle): forget it. */
  closed?(id: string): void;
}

/** One console of a lab: its terminal, its recent output, and who watches it. */
export class ConsoleRecord {
  private buffer = '';
  /** Offset of buffer[0] in the console's whole output. */
  private bufferStart = 0;
  private watcher: ConsoleWatcher | null = null;
  /** When the console lost its watcher (detachCount order); null while watched. */
  private detachedSeq: number | null = null;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly id: string,
    readonly terminal: Terminal,
    private readonly onIdle: (record: ConsoleRecord) => void,
    private readonly idleMs: number,
    private readonly onWrite: (record: ConsoleRecord) => void = () => {},
    restored?: { buffer: string; bufferStart: number },
  ) {
    if (restored) {
      this.buffer = restored.buffer;
      this.bufferStart = restored.bufferStart;
    }
    // What the device prints on its own (an exercise reset) is kept and shown like typed output.
    terminal.setOutput((bytes) => this.write(bytes));
  }

  /** Nobody watches the console: the order in which it lost its watcher (lower: longer ago); null while watched. */
  get detachedSince(): number | null {
    return this.watcher ? null : this.detachedSeq;
  }

  /** What the replay buffer holds from `offset` on (from its start if `offset` is older than that). */
  since(offset: number): { data: string; offset: number } {
    const from = Math.max(this.keptFrom, Math.min(offset, this.total));
    return { data: this.buffer.slice(from - this.bufferStart), offset: from };
  }

  /** The replay buffer, for persistence. */
  snapshot(): { id: string; buffer: string; bufferStart: number } {
    const { data, offset } = this.since(0);
    return { id: this.id, buffer: data, bufferStart: offset };
  }

  /** Offset of the oldest output replayed: the newest CONSOLE_BUFFER_CHARS (the buffer may hold up to its slack more). */
  private get keptFrom(): number {
    return Math.max(this.bufferStart, this.total - CONSOLE_BUFFER_CHARS);
  }

  get total(): number {
    return this.bufferStart + this.buffer.length;
  }

  /** Terminal bytes out: kept for replay, and sent to the watcher if any. */
  write(data: string): void {
    if (!data) return;
    const offset = this.total;
    this.buffer += data;
    if (this.buffer.length > CONSOLE_BUFFER_CHARS + CONSOLE_BUFFER_SLACK) {
      const drop = this.buffer.length - CONSOLE_BUFFER_CHARS;
      this.buffer = this.buffer.slice(drop);
      this.bufferStart += drop;
    }
    this.watcher?.output(data, offset);
    this.onWrite(this);
  }

  /**
   * Start watching; replays what the watcher has not seen (from `seen`, as
   * far back as the buffer goes). A previous watcher is told it was taken over.
   */
  attach(watcher: ConsoleWatcher, seen: number): void {
    const previous = this.watcher;
    this.watcher = watcher;
    this.detachedSeq = null;
    this.clearIdle();
    if (previous && previous !== watcher) previous.takenOver();
    const { data, offset } = this.since(seen);
    if (data) watcher.output(data, offset);
  }

  detach(watcher: ConsoleWatcher): void {
    if (this.watcher !== watcher) return;
    this.watcher = null;
    this.startIdle();
  }

  /** Nobody watches: log out after the idle time unless someone attaches. */
  startIdle(): void {
    this.clearIdle();
    this.detachedSeq = ++detachCount;
    this.idleTimer = setTimeout(() => this.onIdle(this), this.idleMs);
    this.idleTimer.unref();
  }

  dispose(): void {
    this.clearIdle();
    this.watcher = null;
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/**
 * The consoles of one lab. A console outlives its WebSocket: a browser that
 * reconnects resumes it (views, candidate configuration, history) and gets
 * the output it missed; one left alone logs out after CONSOLE_IDLE_MS.
 */
export class ConsoleHub {
  private readonly consoles = new Map<string, ConsoleRecord>();
  private readonly noticeHearers = new Set<(lines: readonly string[]) => void>();
  /** SSH and Telnet users of this router, who are logged out when it leaves the lab (retire). */
  private readonly retireHearers = new Set<() => void>();
  /** Notice lines the browser consoles have yet to print (notice()). */
  private pendingNotice: string[] | null = null;

  constructor(
    /** A console logged in on one of the router's VTYs. */
    private readonly openTerminal: (login: ConsoleLogin) => Terminal,
    /** The login banner (it counts the router's VTY users, this one included). */
    private readonly banner: () => string[],
    private readonly idleMs = CONSOLE_IDLE_MS,
    private readonly hooks: ConsoleHooks = {},
  ) {}

  /**
   * Bring back consoles of an earlier run of the server (same ids, same
   * scrollback). The device restarted, so each logs in afresh after its old
   * output: views and uncommitted candidates are gone, as after a reboot.
   * Only the newest VTY_MAX_USERS come back (`stored` is oldest first); the
   * rest are forgotten, as they could never all be logged in at once.
   * Stored output with terminal controls the server never writes is not
   * replayed (stored-scrollback.ts).
   */
  restore(stored: readonly { id: string; buffer: string; bufferStart: number }[]): void {
    const keep = Math.max(0, stored.length - VTY_MAX_USERS);
    for (const c of stored.slice(0, keep)) if (!this.consoles.has(c.id)) this.hooks.closed?.(c.id);
    for (const row of stored.slice(keep)) {
      if (this.consoles.has(row.id)) continue;
      const c = { id: row.id, ...replayableScrollback(row) };
      const record = new ConsoleRecord(
        c.id,
        this.openTerminal({ address: '' }),
        (r) => this.close(r.id),
        this.idleMs,
        (r) => this.hooks.changed?.(r),
        c,
      );
      this.consoles.set(record.id, record);
      const nl = c.buffer.length > 0 && !c.buffer.endsWith('\n') ? '\r\n' : '';
      record.write(nl + record.terminal.open(this.banner()));
      record.startIdle();
    }
  }

  ids(): string[] {
    return [...this.consoles.keys()];
  }

  /**
   * Print lines on every console of the lab like a device's log lines (a
   * commit that could not be stored, a refused peer). Browser consoles print
   * them after the output of the command that caused them, hence deferred (a
   * line from several commits in one go, an exercise reset, once); the other
   * hearers (onNotice) get them at once and print them when their own output
   * allows.
   */
  notice(lines: readonly string[]): void {
    for (const hear of [...this.noticeHearers]) hear(lines);
    if (this.pendingNotice) {
      for (const line of lines) if (!this.pendingNotice.includes(line)) this.pendingNotice.push(line);
      return;
    }
    this.pendingNotice = [...lines];
    setImmediate(() => {
      const pending = this.pendingNotice ?? [];
      this.pendingNotice = null;
      for (const record of this.consoles.values()) record.write(record.terminal.notice(pending));
    });
  }

  /** Hear the lab's notices as they happen: an SSH or Telnet VTY, a REST CLI run. Returns the unsubscriber. */
  onNotice(hear: (lines: readonly string[]) => void): () => void {
    this.noticeHearers.add(hear);
    return () => this.noticeHearers.delete(hear);
  }

  get size(): number {
    return this.consoles.size;
  }

  /** Resume the console `id` if it exists, else open a new one (with the login banner). */
  open(id: string | undefined, login: ConsoleLogin = { address: '' }): { record: ConsoleRecord; resumed: boolean } {
    const existing = id === undefined ? undefined : this.consoles.get(id);
    if (existing) return { record: existing, resumed: true };
    const record = new ConsoleRecord(
      randomUUID(),
      this.openTerminal(login),
      (r) => this.close(r.id),
      this.idleMs,
      (r) => this.hooks.changed?.(r),
    );
    this.consoles.set(record.id, record);
    record.write(record.terminal.open(this.banner()));
    return { record, resumed: false };
  }

  get(id: string): ConsoleRecord | undefined {
    return this.consoles.get(id);
  }

  /**
   * Log out the console that has gone unwatched the longest, to free its VTY
   * for a new login; false when every console is watched.
   */
  logOutOldestDetached(): boolean {
    let oldest: ConsoleRecord | null = null;
    for (const r of this.consoles.values()) {
      const since = r.detachedSince;
      if (since !== null && (oldest === null || since < oldest.detachedSince!)) oldest = r;
    }
    return oldest !== null && this.close(oldest.id);
  }

  /** Log the console out: its uncommitted candidate is gone, as on a device. */
  close(id: string): boolean {
    const record = this.consoles.get(id);
    if (!record) return false;
    record.dispose();
    record.terminal.close();
    this.consoles.delete(id);
    this.hooks.closed?.(id);
    return true;
  }

  /** Log every console out (the lab is deleted). */
  closeAll(): void {
    for (const id of [...this.consoles.keys()]) this.close(id);
  }

  /** Hear that the router left the lab (its remote users are logged out). Returns the unsubscriber. */
  onRetire(hear: () => void): () => void {
    this.retireHearers.add(hear);
    return () => this.retireHearers.delete(hear);
  }

  /** The router leaves the lab: every remote user is logged out, after the notices already sent. */
  retire(): void {
    for (const hear of [...this.retireHearers]) hear();
  }

  /** The server stops: drop the consoles here but keep them stored, to resume after the restart. */
  shutdown(): void {
    for (const record of this.consoles.values()) {
      record.dispose();
      record.terminal.close();
    }
    this.consoles.clear();
  }
}
