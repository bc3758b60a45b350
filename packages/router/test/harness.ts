import { LineEditor } from '@bmp-lab/cli-engine';
import type { Level } from '@bmp-lab/cli-engine';
import { Device } from '@bmp-lab/router';
import type { BmpConnection, BmpSessionStatus, Clock, DialResult, DialTarget, Dialer, TimerHandle } from '@bmp-lab/router';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  private t = 1_700_000_000_000;
  private timers: { at: number; fire: () => void; live: boolean }[] = [];
  now = () => this.t;
  setTimer(ms: number, fire: () => void): TimerHandle {
    const timer = { at: this.t + ms, fire, live: true };
    this.timers.push(timer);
    return { cancel: () => void (timer.live = false) };
  }
  remaining = (deadline: number) => Math.max(0, deadline - this.t);
  deadline = (ms: number) => this.t + ms;
  /** Real time stands still with the clock: work never runs out of its slice. */
  elapsed = () => this.t;
  later(fire: () => void): TimerHandle {
    return this.setTimer(0, fire);
  }
  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => x.live && x.at <= this.t);
    this.timers = this.timers.filter((x) => !due.includes(x));
    for (const x of due) {
      x.live = false;
      x.fire();
    }
  }
}

/**
 * A manual clock whose real time (`elapsed`) the test moves, by hand or by
 * `tick` ms at every look, and whose later turns run when the test says: for
 * work that stops after its budget of real time and goes on in a later turn.
 */
export class TurnClock extends ManualClock {
  real = 0;
  private readonly turns: { fire: () => void; live: boolean }[] = [];
  constructor(private readonly tick = 0) {
    super();
  }
  override elapsed = () => (this.real += this.tick);
  override later(fire: () => void): TimerHandle {
    const turn = { fire, live: true };
    this.turns.push(turn);
    return { cancel: () => void (turn.live = false) };
  }
  /** Turns waiting now (cancelled ones aside). */
  get waiting(): number {
    return this.turns.filter((t) => t.live).length;
  }
  /** Run the turns waiting now; how many ran. */
  runTurns(): number {
    const due = this.turns.splice(0).filter((t) => t.live);
    for (const t of due) t.fire();
    return due.length;
  }
}

/** A connection that records what the router wrote. */
export class RecordedConnection implements BmpConnection {
  readonly localAddress = '127.0.0.1';
  readonly localPort = 40000;
  readonly remoteAddress = '10.1.1.1';
  readonly remotePort = 1790;
  readonly pendingBytes = 0;
  written: Uint8Array[] = [];
  ended = false;
  private closeListener: ((e: string | null) => void) | null = null;
  write(bytes: Uint8Array): boolean {
    this.written.push(bytes);
    return true;
  }
  end(): void {
    this.ended = true;
  }
  onDrain(): void {}
  onData(): void {}
  destroy(): void {
    this.ended = true;
  }
  onClose(l: (e: string | null) => void): void {
    this.closeListener = l;
  }
  /** The station went away. */
  drop(): void {
    this.closeListener?.('reset by peer');
  }
}

/** A dialer whose reachable endpoints the test decides. */
export class ScriptedDialer implements Dialer {
  dials: DialTarget[] = [];
  connections: RecordedConnection[] = [];
  reachable = (t: DialTarget) => t.address === '10.1.1.1' && (t.port === 1790 || t.port === 1791);
  dial(target: DialTarget): Promise<DialResult> {
    this.dials.push(target);
    if (!this.reachable(target)) return Promise.resolve({ ok: false, error: 'unreachable' });
    const c = new RecordedConnection();
    this.connections.push(c);
    return Promise.resolve({ ok: true, connection: c });
  }
}

export interface LabOptions {
  /** Privilege level of the console user (default 3). */
  level?: Level;
}

/** A device with one console, typed into as a user would. */
export function lab(options: LabOptions = {}) {
  const clock = new ManualClock();
  const dialer = new ScriptedDialer();
  const changes: BmpSessionStatus[] = [];
  const removed: string[] = [];
  const device = new Device({
    dialer,
    clock,
    events: { sessionChanged: (s) => changes.push(s), sessionRemoved: (k) => removed.push(k), committed: () => {} },
  });
  const session = device.openConsole(options.level ?? 3);
  const editor = new LineEditor(session);
  let transcript = editor.start();
  return {
    clock,
    dialer,
    device,
    session,
    editor,
    changes,
    removed,
    /** Type keystrokes; returns what the terminal printed for them. */
    type(keys: string): string {
      const out = editor.feed(keys);
      transcript += out;
      return out;
    },
    /** Type lines, each followed by Enter. */
    lines(...lines: string[]): void {
      for (const l of lines) this.type(l + '\r');
    },
    /** The whole session as plain text (CR/LF normalised, cursor moves dropped). */
    text(): string {
      return plain(transcript);
    },
  };
}

/** Terminal output as the user reads it (enough for lines typed at the end). */
export function plain(out: string): string {
  return out
    .replace(/\x1b\[\d*[A-Za-z]/g, '')
    .replace(/ \x08/g, '')
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '');
}

/** Let pending promise callbacks (dial results) run. */
export const settle = () => new Promise((r) => setTimeout(r, 0));

/**
 * A terminal screen as xterm keeps it (enough for the line editor's output):
 * printable characters with auto-wrap at `cols`, CR, LF, BS, BEL and the CSI
 * sequences A/B/C/D/J/K. Rows never scroll away, so the whole session stays
 * readable; `keep` bounds the rows kept for long runs (fuzzing).
 */
export class Screen {
  rows: string[] = [''];
  row = 0;
  col = 0;
  private dropped = 0;

  constructor(
    public cols = 80,
    private readonly keep = Infinity,
  ) {}

  write(out: string): void {
    for (let i = 0; i < out.length; i++) {
      const ch = out[i]!;
      if (ch === '\r') this.col = 0;
      else if (ch === '\n') this.moveRow(1);
      else if (ch === '\b') this.col = Math.max(0, Math.min(this.col, this.cols) - 1);
      else if (ch === '\x07') continue;
      else if (ch === '\x1b') {
        const m = /^\x1b\[(\d*)([A-Za-z])/.exec(out.slice(i, i + 16));
        if (!m) continue;
        i += m[0].length - 1;
        const n = Number(m[1] || '1');
        switch (m[2]) {
          case 'A':
            this.moveRow(-n);
            break;
          case 'B':
            this.moveRow(n);
            break;
          case 'C':
            this.col = Math.min(this.cols - 1, this.col + n);
            break;
          case 'D':
            this.col = Math.max(0, Math.min(this.col, this.cols - 1) - n);
            break;
          case 'J':
            this.rows[this.row] = this.line().slice(0, this.col);
            this.rows.length = this.row + 1;
            break;
          case 'K':
            this.rows[this.row] = this.line().slice(0, this.col);
            break;
        }
      } else {
        if (this.col >= this.cols) {
          this.moveRow(1);
          this.col = 0;
        }
        const l = this.line().padEnd(this.col);
        this.rows[this.row] = l.slice(0, this.col) + ch + l.slice(this.col + 1);
        this.col++;
      }
    }
  }

  /** A line of test notes, inserted above the cursor's row. */
  note(text: string): void {
    this.rows.splice(this.row, 0, text);
    this.row++;
  }

  /** The row the cursor is on. */
  current(): string {
    return this.line();
  }

  text(): string {
    const rows = this.rows.map((r) => r.trimEnd());
    while (rows.length > 1 && rows[rows.length - 1] === '') rows.pop();
    return rows.join('\n');
  }

  private line(): string {
    return this.rows[this.row] ?? '';
  }

  private moveRow(n: number): void {
    this.row = Math.max(0, this.row + n);
    while (this.rows.length <= this.row) this.rows.push('');
    if (this.rows.length > this.keep) {
      const cut = this.rows.length - this.keep;
      this.rows.splice(0, cut);
      this.row -= cut;
      this.dropped += cut;
    }
  }
}
