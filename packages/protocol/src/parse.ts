import { clientMessageSchema, serverMessageSchema } from './schemas.js';
import type { ClientMessage, ServerMessage } from './schemas.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Largest WebSocket frame either side accepts, in bytes of JSON text. */
export const MAX_FRAME_BYTES = 256 * 1024;

/** Size check, JSON, then the schema; the first issue in words. */
export function parseWith<T>(
  text: string,
  safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } },
): ParseResult<T> {
  if (text.length > MAX_FRAME_BYTES) return { ok: false, error: `frame of ${text.length} bytes exceeds ${MAX_FRAME_BYTES}` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'frame is not JSON' };
  }
  const r = safeParse(json);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') + ': ' : '';
  return { ok: false, error: `invalid message: ${where}${issue?.message ?? 'unknown shape'}` };
}

/** Validate a frame received from a browser (server side). */
export function parseClientMessage(text: string): ParseResult<ClientMessage> {
  return parseWith(text, (v) => clientMessageSchema.safeParse(v));
}

/** Validate a frame received from the server (browser side). */
export function parseServerMessage(text: string): ParseResult<ServerMessage> {
  return parseWith(text, (v) => serverMessageSchema.safeParse(v));
}
