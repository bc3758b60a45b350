import type { LineResult, LinesRun, Terminal } from '@bmp-lab/router';
import type { ConsoleHub } from './console-hub.js';

/**
 * `Terminal.runLines` for a program's VTY (the REST CLI, an SSH exec
 * request), with the lab's notices (ConsoleHub.notice) a line caused — its
 * commit could not be stored — added after that line's output, where a
 * terminal would have printed them. The lines run one by one so that each
 * notice lands on the line that caused it; the terminal keeps a question
 * from one line to the next, so this runs exactly like one call.
 */
export function runLinesWithNotices(hub: Pick<ConsoleHub, 'onNotice'>, terminal: Terminal, lines: readonly string[]): LinesRun {
  if (lines.length === 0) return terminal.runLines([]);
  const results: LineResult[] = [];
  let run: LinesRun = { results, waiting: null, loggedOut: false };
  for (const line of lines) {
    const heard: string[] = [];
    const stop = hub.onNotice((notice) => {
      for (const l of notice) if (!heard.includes(l)) heard.push(l);
    });
    let one: LinesRun;
    try {
      one = terminal.runLines([line]);
    } finally {
      stop();
    }
    for (const r of one.results) results.push(heard.length === 0 ? r : { ...r, output: [...r.output, ...heard] });
    run = { results, waiting: one.waiting, loggedOut: one.loggedOut };
    if (one.loggedOut) break;
  }
  return run;
}
