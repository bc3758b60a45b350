import WebSocket from 'ws';
import { PROTOCOL_VERSION, parseServerMessage } from '@bmp-lab/protocol';
import type { ServerMessage, StationMessageView } from '@bmp-lab/protocol';
import { eventually } from './lab-harness.js';

/** A browser as the server sees it: a real WebSocket client that validates every frame it receives. */
export async function wsClient(url: string, lab?: string, options: { readOnly?: boolean } = {}) {
  const query = [...(lab ? [`lab=${encodeURIComponent(lab)}`] : []), ...(options.readOnly ? ['readonly=1'] : [])];
  const ws = new WebSocket(url.replace('http', 'ws') + '/ws' + (query.length ? `?${query.join('&')}` : ''));
  const received: ServerMessage[] = [];
  const invalid: string[] = [];
  ws.on('message', (data) => {
    const m = parseServerMessage((data as Buffer).toString());
    if (m.ok) received.push(m.value);
    else invalid.push(m.error);
  });
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  const send = (m: object) => ws.send(JSON.stringify(m));
  /** Everything one console printed, in order of offset. */
  const terminal = (consoleId: string) => received.flatMap((m) => (m.type === 'console.output' && m.consoleId === consoleId ? [m.data] : [])).join('');
  return {
    ws,
    received,
    invalid,
    send,
    terminal,
    async hello() {
      send({ type: 'hello', protocol: PROTOCOL_VERSION });
      await eventually(() => received.some((m) => m.type === 'station.snapshot'));
    },
    /** Open (or resume) a console; resolves with its id once the prompt is there. */
    async open(consoleId?: string, seen?: number): Promise<string> {
      const before = received.length;
      send({ type: 'console.open', ...(consoleId ? { consoleId } : {}), ...(seen !== undefined ? { seen } : {}) });
      const opened = await eventually(() => received.slice(before).find((m) => m.type === 'console.opened'));
      const id = opened.type === 'console.opened' ? opened.consoleId : '';
      await eventually(() => /[>\]]$/.test(terminal(id)));
      return id;
    },
    type(consoleId: string, ...lines: string[]) {
      for (const l of lines) send({ type: 'console.input', consoleId, data: l + '\r' });
    },
  };
}

/**
 * The station messages a browser was sent, in seq order: one by one
 * (`station.message`) and in catch-ups after a burst (`station.messages`),
 * each once.
 */
export function stationMessagesIn(received: readonly ServerMessage[]): StationMessageView[] {
  const bySeq = new Map<number, StationMessageView>();
  for (const m of received) {
    if (m.type === 'station.message') bySeq.set(m.message.seq, m.message);
    else if (m.type === 'station.messages') for (const s of m.messages) bySeq.set(s.seq, s);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
