import type { Timers } from '../connection/socket.js';

/**
 * Keystrokes first. While someone types into a console, work that only
 * refreshes the dashboard (applying a batch of station messages, a clock
 * tick) is held and done in one go at most once per `maxWaitMs`, right after
 * a keystroke's echo has been drawn — in the gap before the next key — so the
 * frames that draw echoes never queue behind dashboard frames. When typing
 * stops (no key for `quietMs`) held work runs at once, and from then on
 * everything runs as it comes. After Enter typing stops sooner: once no key
 * follows for `lineQuietMs` (the user is reading the command's output or
 * looking at what it changed), held work runs and new work runs as it comes;
 * a typist who goes straight on to the next line keeps the priority. If no
 * echo arrives (a key the router ignores, the socket is down) held work still
 * runs `graceMs` after it was due.
 *
 * `maxWaitMs` is 3 s, so while someone types the dashboard waits, and it
 * catches up at each pause (a second within a line, `lineQuietMs` after Enter)
 * or every 3 s. A dashboard frame costs the next echo more than its
 * own time: for a few frames after the page drew, the browser draws only on
 * the display's beat, so an echo that arrives then waits for the next beat
 * (up to 16.7 ms) instead of being drawn at once. Measured in Chromium
 * (apps/web/bench/keystroke.bench.mjs, 240 keys a page): with held work run
 * every second while typing, 7 % of the lab's echoes took over 8 ms against
 * 5 % in a bare xterm page in the same run (p95 12.4 against 9.4 ms); run
 * every 3 s, 4 % against 5 % (p95 6.6 against 8.0 ms). Catching up at every
 * Enter instead (right after the prompt was drawn) made the first key of the
 * next line wait for the beat in 15 of 64 lines against 4 of 64 in the bare
 * page (960 keys a page).
 *
 * Framework-free and clock-injected: unit-tested in node.
 */
export interface InputPriority {
  /**
   * A key went to a console (its echo is on the way). `enter`: it ended a line; unless the next line starts within
   * `lineQuietMs`, typing has stopped (held work runs, new work runs as it comes).
   */
  keystroke: (enter?: boolean) => void;
  /** A terminal drew output: the echo, if one was awaited, is on screen. */
  echoRendered: () => void;
  /** Run `task` now, or (while typing) with the next batch of held work. */
  defer: (task: () => void) => void;
  /** Tasks held (for tests). */
  readonly waiting: number;
}

export interface InputPriorityOptions {
  timers: Timers;
  /** After this long without a key, typing has stopped. */
  quietMs?: number;
  /** After Enter, typing has stopped this soon without a key (at most quietMs). */
  lineQuietMs?: number;
  /** While typing, held work runs after an echo at most this long after it was first held. */
  maxWaitMs?: number;
  /** How long work that is due waits for an echo before it runs anyway. */
  graceMs?: number;
}

export function createInputPriority(options: InputPriorityOptions): InputPriority {
  const { timers } = options;
  const quietMs = options.quietMs ?? 1000;
  const lineQuietMs = Math.min(options.lineQuietMs ?? 200, quietMs);
  const maxWaitMs = options.maxWaitMs ?? 3000;
  const graceMs = options.graceMs ?? 250;
  let lastKeyAt = -Infinity;
  let queue: (() => void)[] = [];
  let firstHeldAt = 0;
  /** maxWaitMs has passed: run after the next echo. */
  let due = false;
  let timer: unknown = null;
  let afterFrame: unknown = null;

  const typing = () => timers.now() - lastKeyAt < quietMs;

  function runAll(): void {
    if (timer !== null) timers.clearTimeout(timer);
    if (afterFrame !== null) timers.clearTimeout(afterFrame);
    timer = afterFrame = null;
    due = false;
    const tasks = queue;
    queue = [];
    for (const t of tasks) t();
  }

  function arm(): void {
    if (timer !== null) timers.clearTimeout(timer);
    const at = due ? firstHeldAt + maxWaitMs + graceMs : Math.min(lastKeyAt + quietMs, firstHeldAt + maxWaitMs);
    timer = timers.setTimeout(onTimer, Math.max(0, at - timers.now()));
  }

  function onTimer(): void {
    timer = null;
    if (due || !typing()) {
      runAll();
      return;
    }
    // Keys since the timer was set pushed the quiet deadline later (keystroke()
    // does not move the timer): wait on until it, or until maxWaitMs.
    if (timers.now() < firstHeldAt + maxWaitMs) {
      arm();
      return;
    }
    due = true;
    arm();
  }

  return {
    keystroke(enter = false) {
      if (enter) {
        // The line is sent: typing stops lineQuietMs from now unless another key comes first. The deadline moves
        // earlier, so the timer is set again.
        lastKeyAt = timers.now() - (quietMs - lineQuietMs);
        if (queue.length > 0) arm();
        return;
      }
      // Only note the time: this runs on every key, on the way from the key to
      // the socket, and re-arming the timer here (clearTimeout + setTimeout)
      // cost every keystroke two timer calls. A key only ever moves the
      // deadline later, so the timer, set for the earlier one, re-arms itself
      // when it fires (onTimer).
      lastKeyAt = timers.now();
    },
    echoRendered() {
      // Called while the echo's frame is being drawn: start right after it, as a task of its own.
      if (due && afterFrame === null) afterFrame = timers.setTimeout(runAll, 0);
    },
    defer(task) {
      if (queue.length === 0 && !typing()) {
        task();
        return;
      }
      if (queue.length === 0) firstHeldAt = timers.now();
      queue.push(task);
      if (timer === null) arm();
    },
    get waiting() {
      return queue.length;
    },
  };
}
