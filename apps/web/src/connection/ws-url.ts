import { WS_PATH } from '@bmp-lab/protocol';

/** The lab's WebSocket endpoint at the page's own origin. */
export function labSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WS_PATH}`;
}
