import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExerciseService } from './exercise-service.js';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
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

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * `GET /api/instructor/labs`: every lab with its exercise progress and BMP
 * session states. 404 when BMPLAB_INSTRUCTOR_TOKEN is not set, 401 without
 * the right token.
 */
export function instructorLabs(
  r: { req: IncomingMessage; res: ServerResponse; url: URL },
  ctx: { exercises?: ExerciseService; instructorToken?: string | null },
): void {
  const token = ctx.instructorToken ?? null;
  if (!token || !ctx.exercises) {
    return json(r.res, 404, { error: 'the instructor view is off: start the server with BMPLAB_INSTRUCTOR_TOKEN=<token> to turn it on' });
  }
  const given = requestToken(r.req, r.url);
  if (!given || !same(given, token)) {
    return json(r.res, 401, { error: 'instructor token missing or wrong: pass ?token=…, an x-instructor-token header, or authorization: Bearer …' });
  }
  json(r.res, 200, { labs: ctx.exercises.overview() });
}
