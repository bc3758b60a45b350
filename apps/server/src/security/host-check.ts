/**
 * `Host` check against DNS rebinding: a page on `evil.example` whose name is
 * made to resolve to 127.0.0.1 reaches this server as a same-origin page, so
 * its requests pass any Origin check, but they carry `Host: evil.example…`.
 * Accepted: `localhost`, `127.0.0.1`, `[::1]` and the bound address (unless
 * it is a wildcard such as 0.0.0.0), each with the server's port; and every
 * name of BMPLAB_ALLOWED_HOSTS (`name` for any port, `name:port` for one).
 */
export interface HostName {
  /** Lower case, IPv6 without brackets, no trailing dot. */
  name: string;
  /** Null when the text named no port. */
  port: number | null;
}

/** `Lab.Example.org.:8080`, `[::1]:8080`, `localhost` → name and port; null when it is not a host. */
export function parseHostName(text: string): HostName | null {
  const t = text.trim().toLowerCase();
  const m = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(t) ?? /^([a-z0-9._-]+)(?::(\d{1,5}))?$/.exec(t);
  if (!m) return null;
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && port > 65535) return null;
  const name = m[1]!.replace(/\.$/, '');
  return name === '' ? null : { name, port };
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARDS = ['0.0.0.0', '::', ''];

export function hostAllowed(host: string | undefined, server: { bindHost: string; port: number; allowedHosts: readonly HostName[] }): { ok: true } | { ok: false; reason: string } {
  const bound = server.bindHost.toLowerCase().replace(/^\[|\]$/g, '');
  const own = [...LOOPBACK_NAMES, ...(WILDCARDS.includes(bound) || LOOPBACK_NAMES.includes(bound) ? [] : [bound])];
  const refuse = (why: string) => ({
    ok: false as const,
    reason: `${why}: this server answers only to ${own.map((n) => `${n.includes(':') ? `[${n}]` : n}:${server.port}`).join(', ')} and the names of BMPLAB_ALLOWED_HOSTS`,
  });
  if (host === undefined || host === '') return refuse('the request has no Host header');
  const h = parseHostName(host);
  if (!h) return refuse(`Host "${host}" is not a host name`);
  // No port in Host means the scheme's default (HTTP: 80).
  const port = h.port ?? 80;
  if (own.includes(h.name) && port === server.port) return { ok: true };
  if (server.allowedHosts.some((a) => a.name === h.name && (a.port === null || a.port === port))) return { ok: true };
  return refuse(`Host "${host}" is not this server`);
}
