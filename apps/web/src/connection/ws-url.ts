import { WS_PATH } from '@bmp-lab/protocol';

/**
 * The lab's WebSocket endpoint at the page's own origin. A page at
 * `/labs/<id>` is that lab's (`/ws?lab=<id>`); any other page is the default lab's.
 */
export function labSocketUrl(location: Pick<Location, 'protocol' | 'host'> & { pathname?: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const lab = labIdFromPath(location.pathname ?? '');
  return `${scheme}//${location.host}${WS_PATH}${lab ? `?lab=${lab}` : ''}`;
}

/** The lab a page belongs to: `<id>` of `/labs/<id>`, or null for the default lab. */
export function labIdFromPath(pathname: string): string | null {
  return /^\/labs\/([^/]+)\/?$/.exec(pathname)?.[1] ?? null;
}
