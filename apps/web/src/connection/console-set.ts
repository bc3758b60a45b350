import type { ClientMessage, ServerMessage } from '@bmp-lab/protocol';
import { dispatchUi, type ConsoleTab, type LabStore } from '../store/index.js';
import { chunkInput } from './chunk-input.js';
import { createConsoleChannel, type ConsoleChannel } from './console-channel.js';
import { takeUnseen } from './console-offset.js';
import { historyTail, type ConsoleStorage, type PersistedConsoles } from './console-storage.js';
import { consoleTitle } from './console-title.js';

type ConsoleMessage = Extract<ServerMessage, { type: 'console.opened' | 'console.output' | 'console.closed' }>;

interface ConsoleEntry {
  localId: string;
  /** The N of its title; null: a title of its own (`title`), kept as it is. */
  number: number | null;
  title: string;
  /** The router it is on: the one asked for, then the one the server named; null: the lab's first (not known yet). */
  router: string | null;
  consoleId: string | null;
  seen: number;
  status: ConsoleTab['status'];
  reason: string | null;
  channel: ConsoleChannel;
  size: { cols: number; rows: number } | null;
  /** Size last sent for the current console id. */
  sentSize: string | null;
}

export interface ConsoleSetOptions {
  store: LabStore;
  storage: ConsoleStorage;
  /** Send on the socket; false when it is not open. */
  send: (msg: ClientMessage) => boolean;
  /** Schedule a deferred save (throttled); returns nothing. */
  schedule(fn: () => void, ms: number): unknown;
}

/**
 * The page's consoles (tabs), each a server console multiplexed on the one
 * socket. It remembers each console's id and the output offset it has seen
 * (in `storage`, so a reload resumes too); after every `welcome` it opens or
 * resumes them all, and writes only output beyond what a terminal has.
 */
export interface ConsoleSet {
  /** The socket got its `welcome`: open (or resume) every console, creating the first one if none. */
  onWelcome(): void;
  /** The socket went away: consoles wait for the next welcome. */
  onDisconnect(): void;
  /** A console message from the server. */
  receive(msg: ConsoleMessage): void;
  /** The server refused the oldest `console.open` still unanswered (every VTY line is taken): that tab shows why. */
  refused(reason: string): void;
  /**
   * The server knows no router of that name (`unknown-router`): the answer to
   * the oldest `console.open` if that one named a router (the lab lost it
   * since the welcome); else it answered something else (a `topology.move`).
   */
  refusedRouter(reason: string): void;
  /** Open another console tab, on `router` (a sysname; default the lab's first); returns its local id. */
  add(router?: string): string;
  /** Close a tab (logs its console out). */
  close(localId: string): void;
  /** Open a fresh console in a tab whose console the server closed. */
  reopen(localId: string): void;
  /** Keystrokes for a tab's console; false when they could not be sent (dropped). */
  input(localId: string, data: string): boolean;
  /** A tab's terminal size; sent now if it changed, and again whenever its console (re)opens. */
  resize(localId: string, cols: number, rows: number): void;
  /** Where a tab's output goes (its terminal attaches here). */
  channel(localId: string): ConsoleChannel | null;
  /** Save now (page hide). */
  persist(): void;
}

const SAVE_DELAY_MS = 500;

export function createConsoleSet(options: ConsoleSetOptions): ConsoleSet {
  const { store, storage, send } = options;
  const entries: ConsoleEntry[] = [];
  /** Local ids in the order their `console.open` went out: the server answers in order. */
  let pending: { localId: string; asked: string | null; router: string | null }[] = [];
  let next = 1;
  let saveScheduled = false;

  const restored = storage.load();
  if (restored !== null) {
    next = restored.next;
    for (const c of restored.consoles) {
      const channel = createConsoleChannel();
      channel.write(c.history);
      entries.push({
        localId: c.localId,
        number: c.number ?? null,
        title: c.title,
        router: c.router,
        consoleId: c.consoleId,
        seen: c.seen,
        status: c.closed ? 'closed' : 'opening',
        reason: c.reason,
        channel,
        size: null,
        sentSize: null,
      });
    }
  }
  publish(restored?.active ?? null);

  function find(localId: string): ConsoleEntry | undefined {
    return entries.find((e) => e.localId === localId);
  }

  /** Tabs name their router only in a lab of several (a one-router lab's tabs look as they always did). */
  function title(e: ConsoleEntry): string {
    if (e.number === null) return e.title;
    return consoleTitle(e.number, e.router, (store.getState().lab?.routers.length ?? 0) > 1);
  }

  function publish(activate: string | null = null): void {
    dispatchUi(store, {
      type: 'consoles.set',
      tabs: entries.map((e) => ({
        localId: e.localId,
        title: title(e),
        router: e.router,
        consoleId: e.consoleId,
        status: e.status,
        reason: e.reason,
      })),
    });
    if (activate !== null) dispatchUi(store, { type: 'consoles.activate', localId: activate });
  }

  function snapshot(): PersistedConsoles {
    return {
      version: 1,
      next,
      active: store.getState().consoles.active,
      consoles: entries.map((e) => ({
        localId: e.localId,
        title: title(e),
        ...(e.number === null ? {} : { number: e.number }),
        router: e.router,
        consoleId: e.consoleId,
        seen: e.seen,
        history: historyTail(e.channel.history()),
        closed: e.status === 'closed',
        reason: e.reason,
      })),
    };
  }

  function persist(): void {
    saveScheduled = false;
    storage.save(snapshot());
  }

  function persistSoon(): void {
    if (saveScheduled) return;
    saveScheduled = true;
    options.schedule(persist, SAVE_DELAY_MS);
  }

  function open(e: ConsoleEntry, resume: boolean): void {
    e.status = 'opening';
    e.sentSize = null;
    const asked = resume && e.consoleId !== null ? e.consoleId : null;
    const router = routerToAsk(e);
    const msg: ClientMessage = asked !== null ? { type: 'console.open', consoleId: asked, seen: e.seen, ...router } : { type: 'console.open', ...router };
    if (send(msg)) pending.push({ localId: e.localId, asked, router: router.router ?? null });
  }

  /**
   * The router a `console.open` names: only in a lab of several routers, and
   * only one the lab still has (a lab of one router opens as it always did).
   * It goes with a resume too, which the server ignores: if the old console
   * expired, the new one is on the same router.
   */
  function routerToAsk(e: ConsoleEntry): { router?: string } {
    const routers = store.getState().lab?.routers ?? [];
    if (e.router === null || routers.length < 2 || !routers.some((r) => r.sysname === e.router)) return {};
    return { router: e.router };
  }

  function sendSize(e: ConsoleEntry): void {
    if (e.status !== 'open' || e.consoleId === null || e.size === null) return;
    const key = `${e.consoleId}:${e.size.cols}x${e.size.rows}`;
    if (e.sentSize === key) return;
    if (send({ type: 'console.resize', consoleId: e.consoleId, ...e.size })) e.sentSize = key;
  }

  function newEntry(router: string | null = null): ConsoleEntry {
    const e: ConsoleEntry = {
      localId: `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
      number: next,
      title: `Console ${next++}`,
      router,
      consoleId: null,
      seen: 0,
      status: 'opening',
      reason: null,
      channel: createConsoleChannel(),
      size: null,
      sentSize: null,
    };
    entries.push(e);
    return e;
  }

  /** A console starts over (the old one expired or was closed): keep the old text, mark the break. */
  function startOver(e: ConsoleEntry, why: string): void {
    if (e.channel.history().length > 0) e.channel.write(`\r\n\x1b[2m── ${why} ──\x1b[0m\r\n`);
    e.seen = 0;
  }

  return {
    onWelcome() {
      pending = [];
      if (entries.length === 0) {
        const e = newEntry();
        publish(e.localId);
      }
      for (const e of entries) if (e.status !== 'closed') open(e, true);
      publish();
    },
    onDisconnect() {
      pending = [];
      for (const e of entries) if (e.status === 'open') e.status = 'opening';
      publish();
      persist();
    },
    receive(msg) {
      switch (msg.type) {
        case 'console.opened': {
          let i = pending.findIndex((p) => p.asked === msg.consoleId);
          // An expired id comes back as a new console: the answers come in the order we asked.
          if (i < 0 && pending.length > 0) i = 0;
          const p = i >= 0 ? pending.splice(i, 1)[0] : undefined;
          const e = p === undefined ? undefined : find(p.localId);
          if (e === undefined) {
            // A console nobody here asked for (the tab was closed meanwhile): log it out.
            send({ type: 'console.close', consoleId: msg.consoleId });
            return;
          }
          if (!msg.resumed && (e.consoleId !== null || e.seen > 0)) {
            startOver(e, e.consoleId !== null ? 'the previous console session ended; new session' : 'new console session');
          }
          e.consoleId = msg.consoleId;
          if (msg.router !== undefined) e.router = msg.router;
          e.status = 'open';
          e.reason = null;
          sendSize(e);
          publish();
          persist();
          return;
        }
        case 'console.output': {
          const e = entries.find((x) => x.consoleId === msg.consoleId);
          if (e === undefined) return;
          const cut = takeUnseen(e.seen, msg.offset, msg.data);
          if (cut.gap > 0) e.channel.write(`\r\n\x1b[2m── ${cut.gap} characters of output were lost ──\x1b[0m\r\n`);
          e.seen = cut.seen;
          if (cut.text.length > 0) e.channel.write(cut.text);
          persistSoon();
          return;
        }
        case 'console.closed': {
          const e = entries.find((x) => x.consoleId === msg.consoleId);
          if (e === undefined) return;
          // Another window attached this console (it lives on there): say so in this tab's terminal too.
          if (msg.takenOver === true) e.channel.write(`\r\n\x1b[2m── ${msg.reason} ──\x1b[0m\r\n`);
          e.status = 'closed';
          e.reason = msg.reason;
          publish();
          persist();
          return;
        }
      }
    },
    refusedRouter(reason) {
      if ((pending[0]?.router ?? null) !== null) this.refused(reason);
    },
    refused(reason) {
      const p = pending.shift();
      const e = p === undefined ? undefined : find(p.localId);
      if (e === undefined) return;
      e.status = 'closed';
      e.reason = reason;
      publish();
      persist();
    },
    add(router) {
      const e = newEntry(router ?? null);
      open(e, false);
      publish(e.localId);
      persist();
      return e.localId;
    },
    close(localId) {
      const i = entries.findIndex((e) => e.localId === localId);
      if (i < 0) return;
      const [e] = entries.splice(i, 1);
      if (e!.consoleId !== null && e!.status !== 'closed') send({ type: 'console.close', consoleId: e!.consoleId });
      publish();
      persist();
    },
    reopen(localId) {
      const e = find(localId);
      if (e === undefined || e.status !== 'closed') return;
      startOver(e, 'new console session');
      e.consoleId = null;
      e.reason = null;
      open(e, false);
      publish();
      persist();
    },
    input(localId, data) {
      const e = find(localId);
      if (e === undefined || e.status !== 'open' || e.consoleId === null) return false;
      for (const chunk of chunkInput(data)) {
        if (!send({ type: 'console.input', consoleId: e.consoleId, data: chunk })) return false;
      }
      return true;
    },
    resize(localId, cols, rows) {
      // The fit addon can propose 0 or NaN while a pane is hidden; the protocol accepts 1..1000.
      if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1) return;
      const e = find(localId);
      if (e === undefined) return;
      e.size = { cols: Math.min(cols, 1000), rows: Math.min(rows, 1000) };
      sendSize(e);
    },
    channel(localId) {
      return find(localId)?.channel ?? null;
    },
    persist,
  };
}
