/**
 * One chunk of console input may print at most this much (characters) beyond
 * its echo allowance: `?` lists a help page for one keystroke and redraws the
 * line after it, so 16 KiB of `d?` would otherwise print megabytes. VRP
 * prints help per `?`; the cap bounds the total.
 */
export const OUTPUT_PER_INPUT_MAX = 64 * 1024;

/**
 * Output allowed per character of input on top of OUTPUT_PER_INPUT_MAX: a
 * pasted configuration prints each line's echo, a prompt and now and then an
 * error line with its caret (about 1.5 to 4 characters per character typed),
 * so a paste of any length runs whole, while `?` (hundreds of characters per
 * key) still meets the cap.
 */
export const OUTPUT_PER_INPUT_CHAR = 4;

/** A chunk's input runs at most this long (ms) before the event loop serves other sockets. */
export const INPUT_SLICE_MS = 4;

/** What a console's input runs through: keystrokes in, terminal output out (the router's `Terminal`). */
export interface KeystrokeSink {
  input(data: string): string;
}

/**
 * Pieces of `data` that end after a key that can print a lot or cost a
 * lookup (`?`, Tab, Enter; a CRLF stays one Enter): output and time are
 * measured between them.
 */
export function slicesAfterCostlyKeys(data: string): string[] {
  // A plain scan: a regular expression with a starred run backtracks quadratically on a long run of plain keys.
  const slices: string[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c !== 0x3f && c !== 0x09 && c !== 0x0d && c !== 0x0a) continue;
    if (c === 0x0d && data.charCodeAt(i + 1) === 0x0a) i++;
    slices.push(data.slice(start, i + 1));
    start = i + 1;
  }
  if (start < data.length) slices.push(data.slice(start));
  return slices;
}

/** The line that says input was cut. */
export function cutNotice(skipped: number, printed: number): string {
  return `\r\nInfo: This input printed ${Math.round(printed / 1024)} KiB, far more than it typed; its remaining ${skipped} characters were not run.\r\n`;
}

/**
 * Feed one chunk of input to a terminal, slice by slice, and stop once its
 * output passes `max` plus OUTPUT_PER_INPUT_CHAR per character run so far:
 * the rest of the chunk is not run and one line says so. Each slice's output
 * is bounded by what one key prints (one command's output is never cut), so
 * the whole is at most the allowance plus one slice's output.
 */
export function runCapped(terminal: KeystrokeSink, data: string, max = OUTPUT_PER_INPUT_MAX): string {
  const run = new CappedRun(terminal, data, max);
  let out = '';
  while (!run.done) out += run.step(Infinity);
  return out;
}

/**
 * A chunk of input run in steps (`step`), for a caller that yields to the
 * event loop between them: one socket's long paste or `?` flood then delays
 * other sockets by one step, not by the whole chunk.
 */
export class CappedRun {
  private readonly slices: string[];
  private next = 0;
  private consumed = 0;
  private printed = 0;

  constructor(
    private readonly terminal: KeystrokeSink,
    private readonly data: string,
    private readonly max = OUTPUT_PER_INPUT_MAX,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.slices = slicesAfterCostlyKeys(data);
  }

  get done(): boolean {
    return this.next >= this.slices.length;
  }

  /** Run slices for about `ms`; returns their output (with the cut notice when the cap is passed). */
  step(ms = INPUT_SLICE_MS): string {
    // One slice left (a keystroke): no clock to read. At a typist's pace every call the echo waits for counts.
    const until = this.slices.length - this.next > 1 ? this.now() + ms : Infinity;
    let out = '';
    while (!this.done) {
      if (this.printed > this.max + OUTPUT_PER_INPUT_CHAR * this.consumed) {
        this.next = this.slices.length;
        return out + cutNotice(this.data.length - this.consumed, this.printed);
      }
      const slice = this.slices[this.next++]!;
      const o = this.terminal.input(slice);
      this.consumed += slice.length;
      this.printed += o.length;
      out += o;
      if (until !== Infinity && this.now() >= until) break;
    }
    return out;
  }
}
