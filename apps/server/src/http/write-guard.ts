import type { IncomingMessage } from 'node:http';
import { originAllowed } from '../security/origin.js';

/**
 * Cross-site writes. A page of another site can send a "simple" request
 * (POST with `text/plain`, a form's `application/x-www-form-urlencoded` or
 * `multipart/form-data`) without a CORS preflight, so a request that changes
 * state must be one a browser only sends after a preflight this server never
 * grants:
 *   - a body must be of a type the endpoint documents (JSON everywhere, and
 *     the YAML types on `POST /api/labs`), never a simple one: else 415;
 *   - no body (e.g. `DELETE`, or `POST /api/labs` for the default topology)
 *     must carry no `content-type` at all;
 *   - an `Origin` header (browsers send it with every POST and DELETE) must
 *     be this server or in BMPLAB_ALLOWED_ORIGINS: else 403. DELETE is never
 *     a simple method, so another site's page cannot send it without a
 *     preflight either.
 */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const JSON_ONLY: readonly string[] = ['application/json'];

export function writeAllowed(req: IncomingMessage, accepts: readonly string[], allowedOrigins: readonly string[]): { ok: true } | { ok: false; status: 403 | 415; error: string } {
  const origin = originAllowed(req, allowedOrigins);
  if (!origin.ok) return { ok: false, status: 403, error: `${origin.reason}: requests that change state are refused from other sites` };
  const header = req.headers['content-type'];
  const types = accepts.join(' or ');
  if (header === undefined) {
    const length = req.headers['content-length'];
    const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    return hasBody ? { ok: false, status: 415, error: `a body needs content-type: ${types}` } : { ok: true };
  }
  const type = header.split(';')[0]!.trim().toLowerCase();
  if (accepts.includes(type)) return { ok: true };
  return { ok: false, status: 415, error: `content-type "${type}" is not accepted here: send ${types}` };
}
