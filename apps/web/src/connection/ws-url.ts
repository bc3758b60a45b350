import { WS_PATH } from '@bmp-lab/protocol';

/**
 * The lab's WebSocket endpoint at the page's own origin. A page at
 * `/labs/<id>` is that lab's (`/ws?lab=<id>`); any other page is the default lab's.
 */
export function labSocketUrl(location: Pick<Location, 'protocol' | 'host'> & { pathname?: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const lab = /^\/labs\/([^/]+)\/?$/.exec(location.pathname ?? '')?.[1];
  return `${scheme}//${location.host}${WS_PATH}${lab ? `?lab=${lab}` : ''}`;
}
