import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExerciseService } from './exercise-service.js';
import type { GuessThrottle } from '../security/guess-throttle.js';
import type { TraineeNames } from '../instructor/trainee-names.js';

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** The token a request carries: `?token=`, `x-instructor-token`, or `authorization: Bearer …`. */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const q = url.searchParams.get('token');
  if (q) return q;
  const h = req.headers['x-instructor-token'];
  if (typeof h === 'string' && h) return h;
  const auth = req.headers.authorization;
  const m = auth ? /^Bearer\s+(.+)$/i.exec(auth) : null;
  return m ? m[1]!.trim() : null;
}

/** Equal in constant time, the length included (both sides are hashed to 32 bytes first). */
function same(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export interface InstructorContext {
  exercises?: ExerciseService;
  /** BMPLAB_INSTRUCTOR_TOKEN; null or absent: no instructor access at all. */
  instructorToken?: string | null;
  /** Wrong guesses per source; absent: not throttled. */
  tokenGuesses?: GuessThrottle;
  /** The labs' trainee names; absent: every `name` is null. */
  names?: TraineeNames;
}

/**
 * What the request's instructor token is worth: `off` (no BMPLAB_INSTRUCTOR_TOKEN),
 * `none` (no token given), `granted`, `wrong`, or `throttled` (too many wrong
 * guesses from this address lately: the token is not even compared).
 */
export function instructorAccess(req: IncomingMessage, url: URL, ctx: InstructorContext): 'off' | 'none' | 'granted' | 'wrong' | 'throttled' {
  const token = ctx.instructorToken ?? null;
  if (!token) return 'off';
  const given = requestToken(req, url);
  if (!given) return 'none';
  const source = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  if (ctx.tokenGuesses && !ctx.tokenGuesses.allowed(source)) return 'throttled';
  if (same(given, token)) return 'granted';
  return ctx.tokenGuesses && !ctx.tokenGuesses.wrong(source) ? 'throttled' : 'wrong';
}

/** The 429 answer to a throttled source, with `retry-after` in seconds. */
export function tooManyGuesses(req: IncomingMessage, res: ServerResponse, ctx: InstructorContext): void {
  const source = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const seconds = Math.max(1, Math.ceil((ctx.tokenGuesses?.retryAfter(source) ?? 0) / 1000));
  json(res, 429, { error: `too many wrong instructor tokens from this address: try again in ${seconds} s` }, { 'retry-after': String(seconds) });
}

/**
 * `GET /api/instructor/labs`: every lab with its exercise progress and BMP
 * session states. 404 when BMPLAB_INSTRUCTOR_TOKEN is not set, 401 without
 * the right token, 429 after too many wrong ones.
 */
export function instructorLabs(r: { req: IncomingMessage; res: ServerResponse; url: URL }, ctx: InstructorContext): void {
  const access = instructorAccess(r.req, r.url, ctx);
  if (access === 'off' || !ctx.exercises) {
    return json(r.res, 404, { error: 'the instructor view is off: start the server with BMPLAB_INSTRUCTOR_TOKEN=<token> to turn it on' });
  }
  if (access === 'throttled') return tooManyGuesses(r.req, r.res, ctx);
  if (access !== 'granted') {
    return json(r.res, 401, { error: 'instructor token missing or wrong: pass ?token=…, an x-instructor-token header, or authorization: Bearer …' });
  }
  const labs = ctx.exercises.overview().map((l) => ({ ...(l as { id: string }), name: ctx.names?.get((l as { id: string }).id) ?? null }));
  json(r.res, 200, { labs });
}
