import { decodeKeys } from './keys.js';
import type { Key } from './keys.js';
import { MAX_COMMAND_LENGTH } from '../match/command-table.js';

/** What the shell answers to a line (or to the answer of a question). */
export interface Reply {
  /** Output lines, without line endings. */
  lines: string[];
  /** Ask the user something before the next prompt (e.g. the uncommitted-changes question). */
  question?: Question;
  /** The user logged out (`quit` in the user view). */
  logout?: boolean;
}

export interface Question {
  /** Printed without a newline; the answer is typed after it. */
  text: string;
  answer(input: string): Reply;
}

/** The shell the editor serves: prompts, execution, help and completion. Pure: no I/O. */
export interface LineEditorHost {
  prompt(): string;
  execute(line: string): Reply;
  /** Ctrl+Z: back to the user view, as `return` does. */
  suspend(): Reply;
  /** `?` for the text before the cursor: the lines to print. */
  help(text: string): string[];
  /** Keywords the last word of `text` can complete to. */
  completions(text: string): string[];
  /** Shown after a logout; the next key logs in again. */
  logoutBanner(): string[];
  /**
   * Lines per page (`screen-length`): 0 turns paging off; undefined pages by
   * the terminal's height.
   */
  screenLength?(): number | undefined;
}

/** The pager line (docs/vrp-behaviour.md §3.5: two leading spaces). */
export const MORE_PROMPT = '  ---- More ----';
/** How a real device wipes the pager line before going on (docs/vrp-behaviour.md §3.5: ESC[16D, 16 spaces, ESC[16D). */
export const MORE_CLEAR = '\x1b[16D' + ' '.repeat(16) + '\x1b[16D';

/** The pager line wiped without escape sequences (plain terminals): back to its start, blanks, back again. */
export const PLAIN_MORE_CLEAR = '\r' + ' '.repeat(16) + '\r';

/** What the editor is waiting for. */
export type EditorState = 'line' | 'question' | 'paging' | 'logged-out';

export interface LineEditorOptions {
  /**
   * A terminal without cursor addressing (a dumb terminal, a program reading
   * the stream): the editor writes no escape sequences at all. The cursor
   * moves back with backspaces, forward by writing the characters again,
   * stale characters are blanked with spaces, and lines are never wrapped by
   * the editor. What a user reads is the same as on an ANSI terminal.
   */
  plain?: boolean;
}

const CRLF = '\r\n';
/** VRP keeps the last 10 commands by default (`history-command max-size`). */
const HISTORY_SIZE = 10;

type Mode =
  | { kind: 'line' }
  | { kind: 'question'; question: Question }
  | { kind: 'logged-out' }
  /** Output waits behind `---- More ----`; `after` is the reply's question/logout, shown when the output ends. */
  | { kind: 'paging'; rest: string[]; after: Reply };

/**
 * A router vty's line discipline, server side: echo, cursor movement,
 * history, the VRP Ctrl shortcuts, `?` help, Tab completion and questions.
 * Feed it raw keystrokes; it returns the bytes to write to the terminal.
 * It knows nothing of sockets or xterm: terminal geometry is told to it.
 */
export class LineEditor {
  private buffer = '';
  private cursor = 0;
  /** Where the terminal's cursor is, counted from the start of the prompt. */
  private screenPos = 0;
  private promptText = '';
  private history: string[] = [];
  /** Index into history while browsing; history.length means "the line being typed". */
  private historyIndex = 0;
  private draft = '';
  private pendingEscape = '';
  private tabCycle: { base: string; options: string[]; index: number } | null = null;
  private mode: Mode = { kind: 'line' };
  private cols = 80;
  private rows = 24;
  private readonly plain: boolean;
  /** Plain mode: how far the current line is drawn (counted from the prompt's start), to blank what an edit leaves behind. */
  private drawnEnd = 0;

  constructor(
    private readonly host: LineEditorHost,
    options: LineEditorOptions = {},
  ) {
    this.plain = options.plain === true;
  }

  /** The first prompt, when the console opens. */
  start(banner: readonly string[] = []): string {
    return banner.map((l) => l + CRLF).join('') + this.newPrompt();
  }

  /** The terminal's size; the height sets the pager's page (one row is kept for the pager line). */
  resize(cols: number, rows: number = this.rows): void {
    this.cols = Math.max(1, Math.floor(cols) || 1);
    this.rows = Math.max(2, Math.floor(rows) || 2);
  }

  /** What the editor waits for now (a command line, an answer, a pager key, any key after logout). */
  get state(): EditorState {
    return this.mode.kind;
  }

  /** The bytes to write for these keystrokes. */
  feed(data: string): string {
    const { keys, rest } = decodeKeys(this.pendingEscape + data);
    this.pendingEscape = rest;
    let out = '';
    for (const key of keys) out += this.key(key);
    return out;
  }

  /** Print lines that arrive on their own (logs, notices) without losing the line being typed. */
  notice(lines: readonly string[]): string {
    if (this.mode.kind !== 'line') return lines.map((l) => CRLF + l).join('');
    const typed = this.buffer;
    const cursor = this.cursor;
    let out = this.plain
      ? this.moveTo(this.promptText.length + this.buffer.length) + CRLF + lines.map((l) => l + CRLF).join('')
      : this.moveTo(0) + '\r\x1b[J' + lines.map((l) => l + CRLF).join('');
    out += this.newPrompt();
    this.buffer = typed;
    out += this.redrawFrom(0);
    out += this.moveTo(this.promptText.length + cursor);
    this.cursor = cursor;
    return out;
  }

  private key(key: Key): string {
    if (key.kind !== 'tab') this.tabCycle = null;
    switch (this.mode.kind) {
      case 'logged-out':
        this.mode = { kind: 'line' };
        return CRLF + this.newPrompt();
      case 'question':
        return this.questionKey(key, this.mode.question);
      case 'paging':
        return this.pagerKey(key, this.mode);
      case 'line':
        return this.lineKey(key);
    }
  }

  private questionKey(key: Key, question: Question): string {
    switch (key.kind) {
      case 'char':
      case 'help':
        return this.insert(key.kind === 'char' ? key.char : '?');
      case 'backspace':
        return this.deleteBefore();
      case 'enter': {
        const answer = this.buffer;
        this.buffer = '';
        this.cursor = 0;
        return CRLF + this.reply(question.answer(answer));
      }
      default:
        return '';
    }
  }

  private lineKey(key: Key): string {
    switch (key.kind) {
      case 'char':
        return this.insert(key.char);
      case 'enter':
        return this.enter();
      case 'backspace':
        return this.deleteBefore();
      case 'delete':
        return this.edit(this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1), this.cursor);
      case 'left':
        return this.setCursor(this.cursor - 1);
      case 'right':
        return this.setCursor(this.cursor + 1);
      case 'home':
        return this.setCursor(0);
      case 'end':
        return this.setCursor(this.buffer.length);
      case 'word-left':
        return this.setCursor(wordStartBefore(this.buffer, this.cursor));
      case 'word-right':
        return this.setCursor(wordEndAfter(this.buffer, this.cursor));
      case 'delete-word-before': {
        const start = wordStartBefore(this.buffer, this.cursor);
        return this.edit(this.buffer.slice(0, start) + this.buffer.slice(this.cursor), start);
      }
      case 'delete-to-start':
        return this.edit(this.buffer.slice(this.cursor), 0);
      case 'delete-to-end':
        return this.edit(this.buffer.slice(0, this.cursor), this.cursor);
      case 'up':
        return this.browseHistory(-1);
      case 'down':
        return this.browseHistory(1);
      case 'tab':
        return this.tab();
      case 'help':
        return this.help();
      case 'interrupt':
        this.buffer = '';
        this.cursor = 0;
        return this.moveTo(this.promptText.length + this.buffer.length) + CRLF + this.newPrompt();
      case 'suspend': {
        const out = this.moveTo(this.promptText.length + this.buffer.length) + CRLF;
        this.buffer = '';
        this.cursor = 0;
        return out + this.reply(this.host.suspend());
      }
      case 'ignored':
        return '';
    }
  }

  private enter(): string {
    const line = this.buffer;
    const out = this.moveTo(this.promptText.length + line.length) + CRLF;
    if (line.trim().length > 0 && this.history[this.history.length - 1] !== line) {
      this.history.push(line);
      if (this.history.length > HISTORY_SIZE) this.history.shift();
    }
    this.historyIndex = this.history.length;
    this.buffer = '';
    this.cursor = 0;
    return out + this.reply(this.host.execute(line));
  }

  private reply(reply: Reply): string {
    const page = this.pageLength();
    if (page > 0 && reply.lines.length > page) {
      const out = reply.lines
        .slice(0, page)
        .map((l) => l + CRLF)
        .join('');
      const after: Reply = { ...reply, lines: [] };
      this.mode = { kind: 'paging', rest: reply.lines.slice(page), after };
      return out + MORE_PROMPT;
    }
    return this.finishReply(reply);
  }

  private pageLength(): number {
    const configured = this.host.screenLength?.();
    if (configured === 0) return 0;
    return configured ?? this.rows - 1;
  }

  /**
   * At `---- More ----` (docs/vrp-behaviour.md §3.5): Space shows the next page, Enter the
   * next line, Ctrl+C (or q) stops; the pager text is wiped first.
   */
  private pagerKey(key: Key, mode: { rest: string[]; after: Reply }): string {
    let count: number;
    if (key.kind === 'char' && key.char === ' ') count = Math.max(1, this.pageLength());
    else if (key.kind === 'enter') count = 1;
    else if (key.kind === 'interrupt' || (key.kind === 'char' && (key.char === 'q' || key.char === 'Q'))) count = 0;
    else return '';
    let out = this.plain ? PLAIN_MORE_CLEAR : MORE_CLEAR;
    if (count === 0) return out + this.finishReply(mode.after);
    out += mode.rest
      .slice(0, count)
      .map((l) => l + CRLF)
      .join('');
    mode.rest = mode.rest.slice(count);
    if (mode.rest.length > 0) return out + MORE_PROMPT;
    return out + this.finishReply(mode.after);
  }

  private finishReply(reply: Reply): string {
    const out = reply.lines.map((l) => l + CRLF).join('');
    if (reply.logout) {
      this.mode = { kind: 'logged-out' };
      return (
        out +
        this.host
          .logoutBanner()
          .map((l) => l + CRLF)
          .join('')
      );
    }
    if (reply.question) {
      this.mode = { kind: 'question', question: reply.question };
      this.promptText = reply.question.text;
      this.screenPos = this.promptText.length;
      this.drawnEnd = this.screenPos;
      return out + reply.question.text;
    }
    this.mode = { kind: 'line' };
    return out + this.newPrompt();
  }

  private newPrompt(): string {
    this.promptText = this.mode.kind === 'question' ? this.promptText : this.host.prompt();
    this.buffer = '';
    this.cursor = 0;
    this.screenPos = this.promptText.length;
    this.drawnEnd = this.screenPos;
    return this.promptText + this.wrapFix();
  }

  private help(): string {
    const before = this.buffer.slice(0, this.cursor);
    const end = this.moveTo(this.promptText.length + this.buffer.length);
    const lines = this.host.help(before);
    const typed = this.buffer;
    // The help, then the prompt and the typed line again, cursor where it was.
    let out = end + '?' + CRLF + lines.map((l) => l + CRLF).join('') + this.newPrompt();
    this.buffer = typed;
    out += this.redrawFrom(0);
    out += this.moveTo(this.promptText.length + before.length);
    this.cursor = before.length;
    return out;
  }

  private tab(): string {
    if (this.cursor !== this.buffer.length) return '';
    if (this.tabCycle) {
      const cycle = this.tabCycle;
      cycle.index = (cycle.index + 1) % cycle.options.length;
      const line = cycle.base + cycle.options[cycle.index]!;
      return this.edit(line, line.length);
    }
    const options = this.host.completions(this.buffer);
    if (options.length === 0) return '';
    const base = this.buffer.slice(0, lastWordStart(this.buffer));
    if (options.length === 1) {
      const line = base + options[0]! + ' ';
      return this.edit(line, line.length);
    }
    // Several matches: each Tab shows the next one, cursor right after the word.
    this.tabCycle = { base, options, index: 0 };
    const line = base + options[0]!;
    return this.edit(line, line.length);
  }

  private browseHistory(step: number): string {
    const next = this.historyIndex + step;
    if (next < 0 || next > this.history.length) return '';
    if (this.historyIndex === this.history.length) this.draft = this.buffer;
    this.historyIndex = next;
    const line = next === this.history.length ? this.draft : this.history[next]!;
    return this.edit(line, line.length);
  }

  private insert(text: string): string {
    if (this.buffer.length + text.length > MAX_COMMAND_LENGTH) return '\x07';
    if (this.cursor === this.buffer.length) {
      this.buffer += text;
      this.cursor += text.length;
      this.screenPos += text.length;
      this.drawnEnd = Math.max(this.drawnEnd, this.screenPos);
      return text + this.wrapFix();
    }
    return this.edit(this.buffer.slice(0, this.cursor) + text + this.buffer.slice(this.cursor), this.cursor + text.length);
  }

  private deleteBefore(): string {
    if (this.cursor === 0) return '';
    return this.edit(this.buffer.slice(0, this.cursor - 1) + this.buffer.slice(this.cursor), this.cursor - 1);
  }

  private setCursor(pos: number): string {
    const clamped = Math.max(0, Math.min(this.buffer.length, pos));
    this.cursor = clamped;
    return this.moveTo(this.promptText.length + clamped);
  }

  /** Replace the line and redraw what changed: from the first differing character on. */
  private edit(line: string, cursor: number): string {
    let same = 0;
    while (same < line.length && same < this.buffer.length && line[same] === this.buffer[same]) same++;
    this.buffer = line;
    const out = this.redrawFrom(same);
    return out + this.setCursor(cursor);
  }

  private redrawFrom(index: number): string {
    const out = this.moveTo(this.promptText.length + index) + this.buffer.slice(index);
    this.screenPos = this.promptText.length + this.buffer.length;
    if (this.plain) {
      // Blank what is left of a longer line, then come back.
      const stale = Math.max(0, this.drawnEnd - this.screenPos);
      this.drawnEnd = this.screenPos;
      return out + ' '.repeat(stale) + '\b'.repeat(stale);
    }
    return out + this.wrapFix() + '\x1b[J';
  }

  /**
   * A terminal that has just written the last column waits to wrap; moving
   * the cursor from there would be off by one, so make the wrap happen.
   */
  private wrapFix(): string {
    if (this.plain) return '';
    return this.screenPos > 0 && this.screenPos % this.cols === 0 ? ' \b' : '';
  }

  /** Cursor movement from where it is to `pos` (counted from the prompt's start), across wrapped rows. */
  private moveTo(pos: number): string {
    if (pos === this.screenPos) return '';
    if (this.plain) {
      // One long row: back with backspaces, forward by writing what is there again.
      const from = this.screenPos;
      this.screenPos = pos;
      return pos < from ? '\b'.repeat(from - pos) : (this.promptText + this.buffer).slice(from, pos);
    }
    const fromRow = Math.floor(this.screenPos / this.cols);
    const toRow = Math.floor(pos / this.cols);
    const toCol = pos % this.cols;
    this.screenPos = pos;
    let out = '';
    if (toRow < fromRow) out += `\x1b[${fromRow - toRow}A`;
    if (toRow > fromRow) out += `\x1b[${toRow - fromRow}B`;
    return out + (toCol === 0 ? '\r' : `\r\x1b[${toCol}C`);
  }
}

function wordStartBefore(s: string, pos: number): number {
  let i = pos;
  while (i > 0 && s[i - 1] === ' ') i--;
  while (i > 0 && s[i - 1] !== ' ') i--;
  return i;
}

function wordEndAfter(s: string, pos: number): number {
  let i = pos;
  while (i < s.length && s[i] === ' ') i++;
  while (i < s.length && s[i] !== ' ') i++;
  return i;
}

function lastWordStart(s: string): number {
  const i = s.lastIndexOf(' ');
  return i + 1;
}
