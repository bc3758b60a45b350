/**
 * The part of the browser's WebSocket the connection uses. Injected so the
 * connection logic runs in unit tests without a DOM or a server.
 */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: Event) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
}

export type SocketFactory = (url: string) => SocketLike;

/** WebSocket.OPEN, spelled out so tests need no global WebSocket. */
export const SOCKET_OPEN = 1;

export const browserSocketFactory: SocketFactory = (url) => new WebSocket(url);

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};
