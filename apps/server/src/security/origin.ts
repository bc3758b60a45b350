import type { IncomingMessage } from 'node:http';

/**
 * WebSocket Origin check. A browser always sends Origin on a
 * WebSocket handshake; another site's page must not drive a lab with the
 * visitor's network position. Allowed:
 *   - no Origin at all (not a browser: tests, scripts, the CLI);
 *   - the same origin: the Origin's host[:port] equals the request's Host;
 *   - an origin listed in BMPLAB_ALLOWED_ORIGINS (e.g. `https://lab.example.org`).
 * `Origin: null` (sandboxed iframes, file://) is refused.
 */
export function originAllowed(req: Pick<IncomingMessage, 'headers'>, allowedOrigins: readonly string[] = []): { ok: true } | { ok: false; reason: string } {
  const origin = req.headers.origin;
  if (origin === undefined) return { ok: true };
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return { ok: false, reason: `Origin "${origin}" is not a URL` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, reason: `Origin "${origin}" is not an http(s) origin` };
  const host = req.headers.host?.toLowerCase();
  if (host !== undefined && parsed.host.toLowerCase() === host) return { ok: true };
  if (allowedOrigins.some((a) => normalizeOrigin(a) === parsed.origin)) return { ok: true };
  return { ok: false, reason: `Origin ${parsed.origin} is not this server (${host ?? 'no Host header'}) nor in BMPLAB_ALLOWED_ORIGINS` };
}

/** `https://Lab.Example.org:443/` → `https://lab.example.org`; not a URL → as given. */
export function normalizeOrigin(text: string): string {
  try {
    return new URL(text.trim()).origin;
  } catch {
    return text.trim();
  }
}
