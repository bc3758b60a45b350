/** Where console output goes: the terminal view, once one is attached. */
export type ConsoleSink = (data: string) => void;

export interface ConsoleChannel {
  /** Output from the server, in arrival order. */
  write(data: string): void;
  /**
   * Attach a terminal view. It first receives the retained recent output (so
   * a view mounted late, or re-mounted, starts with what the router printed),
   * then everything new. Returns the detach function.
   */
  attach(sink: ConsoleSink): () => void;
  /** The retained recent output (what a re-mounted view would be given). */
  history(): string;
}

export const CONSOLE_HISTORY_LIMIT = 256 * 1024;

/**
 * Fan-out of console output with a bounded replay history. The history is
 * trimmed at a line start so a replay never begins inside an escape sequence
 * (VRP output only uses escapes within a line: the pager's ESC[16D). It is
 * trimmed once it is `slack` past the limit, not on every write: a trim
 * copies the whole history, and a full history would otherwise be copied
 * for every echoed keystroke.
 */
export function createConsoleChannel(limit: number = CONSOLE_HISTORY_LIMIT, slack: number = Math.ceil(limit / 4)): ConsoleChannel {
  const sinks = new Set<ConsoleSink>();
  let history = '';

  function trim(): void {
    if (history.length <= limit + slack) return;
    const cut = history.length - limit;
    const nl = history.indexOf('\n', cut);
    history = nl >= 0 ? history.slice(nl + 1) : history.slice(cut);
  }

  return {
    write(data) {
      if (data.length === 0) return;
      history += data;
      trim();
      for (const sink of sinks) sink(data);
    },
    attach(sink) {
      if (history.length > 0) sink(history);
      sinks.add(sink);
      return () => {
        sinks.delete(sink);
      };
    },
    history: () => history,
  };
}
