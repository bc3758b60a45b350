import { useCallback, useEffect, useRef, useState } from 'react';
import { PROTOCOL_VERSION, WS_PATH, parseInstructorServerMessage } from '@bmp-lab/protocol';
import type { InstructorLabRow } from '@bmp-lab/protocol';
import { backoffDelay } from '../../connection/backoff.js';
import { applyInstructorMessage } from './instructor-table.js';

/** Where the token is remembered: sessionStorage, so it lives as long as the tab (never in the URL). */
export const INSTRUCTOR_TOKEN_KEY = 'bmplab.instructorToken';

/** Close codes that mean "this token will not do": no reconnect, ask again. */
const TOKEN_REFUSED = new Set([4401, 4429]);

export function savedToken(): string {
  try {
    return window.sessionStorage.getItem(INSTRUCTOR_TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

function saveToken(token: string | null): void {
  try {
    if (token === null) window.sessionStorage.removeItem(INSTRUCTOR_TOKEN_KEY);
    else window.sessionStorage.setItem(INSTRUCTOR_TOKEN_KEY, token);
  } catch {
    // Disabled storage: the token is asked again after a reload.
  }
}

export interface InstructorFeedState {
  rows: ReadonlyMap<string, InstructorLabRow>;
  status: 'idle' | 'connecting' | 'live' | 'refused';
  error: string | null;
  /** The last reset the server confirmed. */
  notice: string | null;
  connect(token: string): void;
  reset: (labId: string, to: 'exercise' | 'default') => void;
}

/**
 * The instructor's socket (`/ws?instructor=1`): the token goes in the first
 * message; the table is the snapshot plus the changed rows; a dropped
 * connection comes back with backoff, a refused token does not.
 */
export function useInstructorFeed(): InstructorFeedState {
  const [rows, setRows] = useState<ReadonlyMap<string, InstructorLabRow>>(new Map());
  const [status, setStatus] = useState<InstructorFeedState['status']>('idle');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [token, setToken] = useState<string>(savedToken);
  const socket = useRef<WebSocket | null>(null);

  useEffect(() => {
    if (!token) return;
    let stopped = false;
    let attempt = 0;
    let retry: ReturnType<typeof setTimeout> | null = null;
    const open = () => {
      setStatus('connecting');
      const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      const ws = new WebSocket(`${scheme}//${window.location.host}${WS_PATH}?instructor=1`);
      socket.current = ws;
      ws.onopen = () => ws.send(JSON.stringify({ type: 'instructor.hello', protocol: PROTOCOL_VERSION, token }));
      ws.onmessage = (e) => {
        const parsed = parseInstructorServerMessage(String(e.data));
        if (!parsed.ok) return;
        const m = parsed.value;
        if (m.type === 'error') return setError(m.message);
        if (m.type === 'instructor.reset') return setNotice(`Lab ${m.labId} reset (${m.to === 'exercise' ? 'exercise start' : 'default configuration'}).`);
        if (m.type === 'instructor.snapshot') {
          attempt = 0;
          setStatus('live');
          setError(null);
          saveToken(token);
        }
        setRows((r) => applyInstructorMessage(r, m));
      };
      ws.onclose = (e) => {
        socket.current = null;
        if (stopped) return;
        if (TOKEN_REFUSED.has(e.code)) {
          saveToken(null);
          setStatus('refused');
          return;
        }
        setStatus('connecting');
        retry = setTimeout(open, backoffDelay(++attempt));
      };
    };
    open();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      socket.current?.close();
      socket.current = null;
    };
  }, [token]);

  const connect = useCallback((t: string) => {
    setError(null);
    setRows(new Map());
    // A new value restarts the effect; the same token again (after a refusal) needs a fresh start too.
    setToken('');
    setTimeout(() => setToken(t), 0);
  }, []);
  const reset = useCallback((labId: string, to: 'exercise' | 'default') => {
    setNotice(null);
    socket.current?.send(JSON.stringify({ type: 'instructor.reset', labId, to }));
  }, []);
  return { rows, status, error, notice, connect, reset };
}
