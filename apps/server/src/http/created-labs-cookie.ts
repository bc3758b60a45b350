import type { IncomingMessage } from 'node:http';

/**
 * Which labs a browser (or script) created: `POST /api/labs` answers with a
 * cookie listing the ids of the labs the caller created, and `GET /api/labs`
 * without the instructor token lists those labs only. The ids are the labs'
 * capabilities already (whoever knows one may use the lab), so the cookie
 * needs no signature: it only remembers ids its holder was given. HttpOnly
 * keeps it from page scripts, SameSite=Strict from other sites' requests; it
 * keeps the newest `MAX_REMEMBERED` ids (about 1.2 KB, well under a
 * browser's 4 KB per cookie).
 */
export const CREATED_LABS_COOKIE = 'bmplab_labs';
export const MAX_REMEMBERED = 50;

const LAB_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The lab ids of the request's cookie, oldest first; null when it has none. */
export function createdLabIds(req: IncomingMessage): string[] | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0 || part.slice(0, i).trim() !== CREATED_LABS_COOKIE) continue;
    const ids = part
      .slice(i + 1)
      .trim()
      .split('.')
      .filter((id) => LAB_ID.test(id));
    return ids.length > 0 ? ids.slice(-MAX_REMEMBERED) : null;
  }
  return null;
}

/** The `set-cookie` value that remembers these ids (the newest `MAX_REMEMBERED`). */
export function createdLabsCookie(ids: readonly string[]): string {
  return `${CREATED_LABS_COOKIE}=${ids.slice(-MAX_REMEMBERED).join('.')}; Path=/api; HttpOnly; SameSite=Strict; Max-Age=31536000`;
}
