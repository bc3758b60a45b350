import { CONSOLE_ID_MAX, CONSOLE_INPUT_MAX, clientMessageSchema, serverMessageSchema } from './schemas.js';
import type { ClientMessage, ServerMessage } from './schemas.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Largest WebSocket frame either side accepts, in bytes of JSON text. */
export const MAX_FRAME_BYTES = 256 * 1024;

/**
 * Size check, JSON, then the schema; the first issue in words. `quick` may
 * take the frame first (see consoleFrame): what it returns is the value.
 */
export function parseWith<T>(
  text: string,
  safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } },
  quick: (json: unknown) => T | null = () => null,
): ParseResult<T> {
  if (text.length > MAX_FRAME_BYTES) return { ok: false, error: `frame of ${text.length} bytes exceeds ${MAX_FRAME_BYTES}` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'frame is not JSON' };
  }
  const value = quick(json);
  if (value !== null) return { ok: true, value };
  const r = safeParse(json);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') + ': ' : '';
  return { ok: false, error: `invalid message: ${where}${issue?.message ?? 'unknown shape'}` };
}

/** Validate a frame received from a browser (server side). */
export function parseClientMessage(text: string): ParseResult<ClientMessage> {
  return parseWith(text, (v) => clientMessageSchema.safeParse(v), consoleInput);
}

/** Validate a frame received from the server (browser side). */
export function parseServerMessage(text: string): ParseResult<ServerMessage> {
  return parseWith(text, (v) => serverMessageSchema.safeParse(v), consoleOutput);
}

/*
 * A keystroke's `console.input` and its echo's `console.output` are the
 * frames of every key typed, and they come at a typist's pace: the schema's
 * code never warms up for them, and checking one took about 0.1 ms on each
 * side — a fifth of what the lab adds to a keystroke's echo over a bare
 * terminal (apps/web/bench/keystroke.bench.mjs). So these two are looked at
 * directly first. The schemas stay the one definition: a quick check takes
 * only frames its schema takes, giving what the schema would give (unknown
 * keys dropped), and leaves every other frame — and every doubt, such as a
 * string long in UTF-16 units that the schema measures in code points — to
 * the schema, which also names what is wrong (parse.test.ts holds the checks
 * to their schemas on thousands of frames).
 */

/** A `console.input` frame the schema surely takes, as the schema gives it; null: ask the schema. */
function consoleInput(json: unknown): ClientMessage | null {
  if (typeof json !== 'object' || json === null) return null;
  const m = json as Record<string, unknown>;
  const { consoleId, data } = m;
  if (m.type !== 'console.input' || !isConsoleId(consoleId) || typeof data !== 'string' || data.length > CONSOLE_INPUT_MAX) return null;
  return { type: 'console.input', consoleId, data };
}

/** A `console.output` frame the schema surely takes, as the schema gives it; null: ask the schema. */
function consoleOutput(json: unknown): ServerMessage | null {
  if (typeof json !== 'object' || json === null) return null;
  const m = json as Record<string, unknown>;
  const { consoleId, data, offset } = m;
  if (m.type !== 'console.output' || !isConsoleId(consoleId) || typeof data !== 'string' || !Number.isSafeInteger(offset) || (offset as number) < 0) return null;
  return { type: 'console.output', consoleId, data, offset: offset as number };
}

/** A console id within its schema's bounds, counted in UTF-16 units (never more than code points). */
function isConsoleId(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= CONSOLE_ID_MAX;
}
