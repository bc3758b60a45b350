import { pino, type Logger } from 'pino';

/**
 * The server's one logger. Every line is a pino record: `info` for the
 * lifecycle (listening, stopping), `warn` for refused or abusive input (a
 * login refused, a connection to a forbidden address, a peer over budget),
 * `error` for bugs and failures the server survives. A line that concerns a
 * lab comes from that lab's child logger (`labLog(id)`), so it carries `lab`.
 *
 * Two formats: `pretty` (the default when stdout is a terminal) prints the
 * line a person reads, `bmp-lab: lab ID: message`, info on stdout and warnings
 * and errors on stderr; `json` (otherwise, or BMPLAB_LOG_FORMAT=json) prints
 * one JSON object a line on stdout for log collectors.
 */
export type Log = Logger;
export type LogFormat = 'pretty' | 'json';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** One record as a capture (tests) sees it: its level and its pretty line. */
export interface LogRecord {
  level: string;
  lab?: string;
  text: string;
}

interface Parsed {
  level: string;
  lab?: string;
  msg?: string;
  err?: { message?: string; stack?: string };
}

/** `bmp-lab: lab ID: message[: error]`, the line a person reads. */
export function prettyLine(record: Parsed): string {
  const err = record.err ? `: ${record.err.stack ?? record.err.message ?? ''}` : '';
  return `bmp-lab: ${record.lab !== undefined ? `lab ${record.lab}: ` : ''}${record.msg ?? ''}${err}`;
}

const toTerminal = (line: string): void => {
  const r = JSON.parse(line) as Parsed;
  const text = `${prettyLine(r)}\n`;
  if (r.level === 'info' || r.level === 'debug' || r.level === 'trace') process.stdout.write(text);
  else process.stderr.write(text);
};
const toJsonLines = (line: string): void => void process.stdout.write(line);

let format: LogFormat = process.stdout.isTTY ? 'pretty' : 'json';
let sink: (line: string) => void = format === 'pretty' ? toTerminal : toJsonLines;

/** The root logger; its stream is a function so the format (and a test's capture) can change after modules hold children. */
export const log: Log = pino(
  {
    level: 'info',
    base: null,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  },
  { write: (line: string) => sink(line) },
);

/** The logger of one lab: every line it prints names the lab. */
export function labLog(labId: string, parent: Log = log): Log {
  return parent.child({ lab: labId });
}

/** Set the level and format from the configuration (BMPLAB_LOG_LEVEL, BMPLAB_LOG_FORMAT); `main` calls it once. */
export function configureLog(options: { level?: LogLevel; format?: LogFormat | null }): void {
  if (options.level) log.level = options.level;
  if (options.format) {
    format = options.format;
    sink = format === 'pretty' ? toTerminal : toJsonLines;
  }
}

/** What a capture holds: the records, and their pretty lines (of one level, or all). */
export interface LogCapture {
  records: LogRecord[];
  lines: (level?: string) => string[];
}

function recorder(): LogCapture & { write: (line: string) => void } {
  const records: LogRecord[] = [];
  return {
    records,
    lines: (level) => records.filter((r) => level === undefined || r.level === level).map((r) => r.text),
    write: (line) => {
      const r = JSON.parse(line) as Parsed;
      records.push({ level: r.level, ...(r.lab !== undefined ? { lab: r.lab } : {}), text: prettyLine(r) });
    },
  };
}

/**
 * Keep what the server's logger prints in memory instead (tests), until
 * `restore()`. Levels below the root's level are not kept, as they are not printed.
 */
export function captureLog(): LogCapture & { restore(): void } {
  const before = sink;
  const r = recorder();
  sink = r.write;
  return {
    records: r.records,
    lines: r.lines,
    restore: () => {
      sink = before;
    },
  };
}

/** A logger of its own that keeps its records in memory (tests of one component). */
export function memoryLog(): LogCapture & { log: Log } {
  const r = recorder();
  return { records: r.records, lines: r.lines, log: pino({ level: 'trace', base: null, formatters: { level: (label) => ({ level: label }) } }, { write: r.write }) };
}
