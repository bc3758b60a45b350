import { StringDecoder } from 'node:string_decoder';
import type { Terminal, VtyLogin } from '@bmp-lab/router';
import type { Lab } from '../lab/lab.js';
import type { LabRouter } from '../lab/lab-router.js';
import { claimVtySlot } from '../console/vty-slots.js';
import { runCapped } from '../console/capped-input.js';

/** The byte stream a remote VTY runs over (an SSH channel, a Telnet socket). */
export interface VtyIo {
  /**
   * Write terminal output. A transport whose peer reads slowly stops reading
   * its input until the output drains: output only follows input, so what is
   * buffered stays bounded.
   */
  write(text: string): void;
  /** End the connection (the user logged out, timed out, or the lab is gone). */
  close(): void;
}

export interface VtyLinkOptions {
  /** The terminal has no cursor addressing (no pty, TERM=dumb, a Telnet client that negotiated nothing). */
  plain: boolean;
  cols: number;
  rows: number;
}

/** VRP's answer when every VTY line is taken (one text for SSH, Telnet and browser consoles). */
export { VTY_FULL } from '../console/vty-slots.js';

/**
 * The remote consoles (SSH, Telnet) of every lab, so that a deleted lab's
 * users are disconnected and the server closes them all when it stops.
 */
export class VtyLinks {
  private readonly byLab = new Map<string, Set<VtyLink>>();

  /**
   * Whether the lab can take one more remote user: browser consoles count
   * too, and one nobody watches gives its line up (claimVtySlot).
   */
  hasRoom(router: LabRouter): boolean {
    return claimVtySlot(router);
  }

  /** Log a user in on a VTY of one of the lab's routers over `io`: banner and prompt go out at once. */
  open(lab: Lab, router: LabRouter, login: VtyLogin, io: VtyIo, options: VtyLinkOptions): VtyLink {
    const link = new VtyLink(lab, router, login, io, options, (l) => this.forget(l));
    let set = this.byLab.get(lab.id);
    if (!set) this.byLab.set(lab.id, (set = new Set()));
    set.add(link);
    link.start();
    return link;
  }

  /** Users logged in over SSH or Telnet, on every lab. */
  get size(): number {
    let n = 0;
    for (const s of this.byLab.values()) n += s.size;
    return n;
  }

  /** The lab was deleted: its users are disconnected. */
  closeLab(id: string): void {
    for (const link of [...(this.byLab.get(id) ?? [])]) link.close();
  }

  closeAll(): void {
    for (const id of [...this.byLab.keys()]) this.closeLab(id);
  }

  private forget(link: VtyLink): void {
    const set = this.byLab.get(link.lab.id);
    set?.delete(link);
    if (set?.size === 0) this.byLab.delete(link.lab.id);
  }
}

/**
 * One remote user on a VTY of a lab: bytes in through the line editor, terminal
 * output back, like a browser console but over a byte stream. `quit` in the
 * user view and the VTY's idle timeout end the connection.
 */
export class VtyLink {
  readonly terminal: Terminal;
  private readonly decoder = new StringDecoder('utf8');
  private closed = false;
  /** Input is being run: a notice waits until the command's output is out. */
  private running = false;
  /** The lab's notices not printed yet (the same line once). */
  private notices: string[] = [];
  private noticeScheduled = false;
  private readonly stopHearing: () => void;
  private readonly stopHearingRetire: () => void;

  constructor(
    readonly lab: Lab,
    private readonly router: LabRouter,
    login: VtyLogin,
    private readonly io: VtyIo,
    options: VtyLinkOptions,
    private readonly onClose: (link: VtyLink) => void,
  ) {
    this.terminal = router.device.openVty(login, {
      plain: options.plain,
      closesOnLogout: true,
      // The timeout may fire inside another console's commit: disconnect once that command is done.
      onIdleTimeout: () => queueMicrotask(() => this.close()),
    });
    this.terminal.resize(options.cols, options.rows);
    // What the device prints on its own (an exercise reset) goes out like typed output.
    this.terminal.setOutput((bytes) => this.send(bytes));
    // The lab's log-like lines (a commit not stored, a refused peer) reach this VTY like a browser console.
    this.stopHearing = router.consoles.onNotice((lines) => this.notice(lines));
    // The router left the lab (an exercise without it opened): what it said goes out, then the connection ends.
    this.stopHearingRetire = router.consoles.onRetire(() => {
      this.flushNotices();
      this.close();
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  start(): void {
    this.send(this.terminal.open(this.router.loginBanner()));
  }

  /** Bytes the user typed. */
  input(chunk: Buffer | string): void {
    if (this.closed) return;
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (!text) return;
    let out: string;
    this.running = true;
    try {
      // `?` prints a help page per keystroke: one chunk's output is capped.
      out = runCapped(this.terminal, text);
    } catch (e) {
      // A bug in a command must not take the server down with it.
      this.lab.logger.error({ err: e }, 'error handling console input');
      out = '\r\nError: The command failed in the lab server; the lab goes on.\r\n';
    } finally {
      this.running = false;
    }
    this.send(out);
    if (this.terminal.state === 'logged-out') this.close();
    // A notice the command caused (its commit could not be stored) follows the command's output.
    else this.flushNotices();
  }

  resize(cols: number, rows: number): void {
    if (!this.closed) this.terminal.resize(cols, rows);
  }

  /** Log out and end the connection (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopHearing();
    this.stopHearingRetire();
    this.terminal.close();
    this.onClose(this);
    this.io.close();
  }

  /**
   * Lines the lab prints on every console: after the output of the command
   * running now, else on the next turn (several in one go print once), like
   * a browser console (ConsoleHub.notice).
   */
  private notice(lines: readonly string[]): void {
    for (const line of lines) if (!this.notices.includes(line)) this.notices.push(line);
    if (this.running || this.noticeScheduled) return;
    this.noticeScheduled = true;
    setImmediate(() => {
      this.noticeScheduled = false;
      this.flushNotices();
    });
  }

  private flushNotices(): void {
    if (this.notices.length === 0 || this.closed) return;
    const lines = this.notices;
    this.notices = [];
    this.send(this.terminal.notice(lines));
  }

  private send(out: string): void {
    if (!out || this.closed) return;
    // A flood of keys past the line limit rings the bell once, not once per key.
    this.io.write(out.replace(/\x07{2,}/g, '\x07'));
  }
}
