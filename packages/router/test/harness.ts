import { LineEditor } from '@bmp-lab/cli-engine';
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
  async dial(target: DialTarget): Promise<DialResult> {
    this.dials.push(target);
    if (!this.reachable(target)) return { ok: false, error: 'unreachable' };
    const c = new RecordedConnection();
    this.connections.push(c);
    return { ok: true, connection: c };
  }
}

/** A device with one console, typed into as a user would. */
export function lab() {
  const clock = new ManualClock();
  const dialer = new ScriptedDialer();
  const changes: BmpSessionStatus[] = [];
  const removed: string[] = [];
  const device = new Device({
    dialer,
    clock,
    events: { sessionChanged: (s) => changes.push(s), sessionRemoved: (k) => removed.push(k), committed: () => {} },
  });
  const editor = new LineEditor(device.openConsole());
  let transcript = editor.start();
  return {
    clock,
    dialer,
    device,
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
