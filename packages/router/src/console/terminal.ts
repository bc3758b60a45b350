import { LineEditor } from '@bmp-lab/cli-engine';
import type { EditorState, Question, Reply } from '@bmp-lab/cli-engine';
import type { ConsoleSession } from './console-session.js';
import type { Vty } from './vty.js';

export interface TerminalOptions {
  /**
   * The terminal has no cursor addressing (a dumb terminal, a program that
   * reads the stream): the line editor writes no escape sequences.
   */
  plain?: boolean;
}

/** One line run by `Terminal.runLines`: the prompt it was typed at, the line, and what the device printed for it. */
export interface LineResult {
  /** The prompt (`<HUAWEI>`, `[~HUAWEI-bmp]`) or the question the line answered. */
  prompt: string;
  command: string;
  output: string[];
}

export interface LinesRun {
  results: LineResult[];
  /** What waits for the next line: a prompt or a question; null after a logout. */
  waiting: string | null;
  /** A line logged the user out (`quit` in the user view); the lines after it did not run. */
  loggedOut: boolean;
}

/**
 * A console as a terminal sees it, like a router's vty: raw keystrokes in,
 * terminal bytes out, through the line editor. What transports the bytes
 * (a WebSocket, SSH, Telnet, a test) is not its business.
 */
export class Terminal {
  private readonly editor: LineEditor;
  private question: Question | null = null;
  /** Where bytes that are no answer to input go (the transport's writer); null: nobody reads them. */
  private output: ((bytes: string) => void) | null = null;

  constructor(
    readonly session: ConsoleSession,
    options: TerminalOptions = {},
  ) {
    this.editor = new LineEditor(session, { plain: options.plain === true });
  }

  /** The VTY the console is logged in on, if any. */
  get vty(): Vty | null {
    return this.session.vty;
  }

  /** What the editor waits for (`logged-out` after `quit` in the user view). */
  get state(): EditorState {
    return this.editor.state;
  }

  /** The login banner and the first prompt. */
  open(banner: readonly string[] = []): string {
    return this.editor.start(banner);
  }

  /** Keystrokes in, bytes to write out. */
  input(data: string): string {
    this.session.vty?.touch();
    return this.editor.feed(data);
  }

  /** The terminal's size: width for line wrapping, height for the `---- More ----` pager. */
  resize(cols: number, rows?: number): void {
    this.editor.resize(cols, rows);
  }

  /**
   * Lines that arrive on their own, like a device's log or alarm lines (e.g.
   * the configuration could not be stored): the bytes that print them
   * without losing the line being typed.
   */
  notice(lines: readonly string[]): string {
    return this.editor.notice(lines);
  }

  /**
   * Where the transport wants output that comes on its own, not in answer to
   * input (`Device.resetConsoles`): a browser console's replay buffer, an
   * SSH channel, a Telnet socket.
   */
  setOutput(write: (bytes: string) => void): void {
    this.output = write;
  }

  /**
   * The device's configuration was replaced (an exercise reset): the console
   * drops its candidate and views, a pending question or `---- More ----` is
   * cancelled, and `lines` are printed like a log line above the user-view
   * prompt (a line being typed is kept). The bytes go to the output set by
   * `setOutput` and are returned.
   */
  reset(lines: readonly string[]): string {
    this.session.discard();
    this.question = null;
    let out = '';
    // Ctrl+C leaves the pager; the reply it cut short may still have asked a question.
    if (this.editor.state === 'paging') out += this.editor.feed('\x03');
    // Enter answers the question, which the discard made answer nothing: the editor is back at a prompt.
    if (this.editor.state === 'question') out += this.editor.feed('\r');
    out += this.editor.notice(lines);
    this.output?.(out);
    return out;
  }

  /**
   * Run whole lines as if each were typed and Enter pressed, without the line
   * editor (no echo, no pager, `?` and Tab not special): for programs (the
   * REST CLI, an SSH exec request). A line after a question answers it.
   * Stops at a logout.
   */
  runLines(lines: readonly string[]): LinesRun {
    const results: LineResult[] = [];
    let waiting = this.question?.text ?? this.session.prompt();
    for (const command of lines) {
      this.session.vty?.touch();
      const question = this.question;
      this.question = null;
      const reply: Reply = question ? question.answer(command) : this.session.execute(command);
      results.push({ prompt: waiting, command, output: reply.lines });
      if (reply.logout) return { results, waiting: null, loggedOut: true };
      this.question = reply.question ?? null;
      waiting = this.question?.text ?? this.session.prompt();
    }
    return { results, waiting, loggedOut: false };
  }

  /** Log out: the VTY is free again (the transport closes its connection). */
  close(): void {
    this.session.vty?.close();
  }
}

/** A run as a terminal would have shown it: each prompt with its line, the output, and what waits at the end. */
export function transcript(run: LinesRun, newline = '\n'): string {
  const out: string[] = [];
  for (const r of run.results) out.push(r.prompt + r.command, ...r.output);
  if (run.waiting !== null) out.push(run.waiting);
  return out.join(newline);
}
