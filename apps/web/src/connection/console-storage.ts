import { numberFromTitle } from './console-title.js';

/** The longest sysname VRP allows (the protocol's limit too). */
const ROUTER_NAME_MAX = 246;

/** What a browser tab remembers of its consoles, so a reload resumes them (sessionStorage: per tab). */
export interface PersistedConsole {
  localId: string;
  title: string;
  /** The tab's number, its title's N (absent: a tab with a title of its own, kept as it is, e.g. a watched console). */
  number?: number;
  /** The router the console is on; a console that has to start over opens on it again. */
  router: string | null;
  consoleId: string | null;
  /** Output characters of the console the terminal has (the `seen` of `console.open`). */
  seen: number;
  /** The tail of what the terminal showed, written back into it after a reload. */
  history: string;
  closed: boolean;
  reason: string | null;
}

export interface PersistedConsoles {
  version: 1;
  /** Number for the next "Console N" title. */
  next: number;
  active: string | null;
  consoles: PersistedConsole[];
}

export interface ConsoleStorage {
  load(): PersistedConsoles | null;
  save(value: PersistedConsoles): void;
}

export const CONSOLE_STORAGE_KEY = 'bmplab.consoles';
/** Characters of each console's history a reload brings back. */
export const PERSISTED_HISTORY_CHARS = 64 * 1024;

/** Check what storage gave back: it is a trust boundary like the socket (another version may have written it). */
export function parsePersistedConsoles(text: string | null): PersistedConsoles | null {
  if (text === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (o['version'] !== 1 || typeof o['next'] !== 'number' || !Array.isArray(o['consoles'])) return null;
  const consoles: PersistedConsole[] = [];
  for (const c of o['consoles'] as unknown[]) {
    if (typeof c !== 'object' || c === null) continue;
    const r = c as Record<string, unknown>;
    if (typeof r['localId'] !== 'string' || typeof r['title'] !== 'string') continue;
    const saved = r['number'];
    const router = r['router'];
    // Saved by an older page: the number is its title's.
    const number = typeof saved === 'number' && Number.isSafeInteger(saved) && saved >= 1 ? saved : numberFromTitle(r['title']);
    consoles.push({
      localId: r['localId'],
      title: r['title'],
      ...(number === null ? {} : { number }),
      router: typeof router === 'string' && router.length > 0 && router.length <= ROUTER_NAME_MAX ? router : null,
      consoleId: typeof r['consoleId'] === 'string' ? r['consoleId'] : null,
      seen: typeof r['seen'] === 'number' && Number.isInteger(r['seen']) && r['seen'] >= 0 ? r['seen'] : 0,
      history: typeof r['history'] === 'string' ? r['history'] : '',
      closed: r['closed'] === true,
      reason: typeof r['reason'] === 'string' ? r['reason'] : null,
    });
  }
  return {
    version: 1,
    next: Math.max(1, Math.floor(o['next'])),
    active: typeof o['active'] === 'string' ? o['active'] : null,
    consoles,
  };
}

/** The tail of `history` from a line start, at most `limit` characters. */
export function historyTail(history: string, limit: number = PERSISTED_HISTORY_CHARS): string {
  if (history.length <= limit) return history;
  const cut = history.length - limit;
  const nl = history.indexOf('\n', cut);
  return nl >= 0 ? history.slice(nl + 1) : history.slice(cut);
}

export function webStorage(storage: Storage | undefined, key: string = CONSOLE_STORAGE_KEY): ConsoleStorage {
  return {
    load() {
      try {
        return parsePersistedConsoles(storage?.getItem(key) ?? null);
      } catch {
        return null;
      }
    },
    save(value) {
      try {
        storage?.setItem(key, JSON.stringify(value));
      } catch {
        // Full or disabled storage: a reload starts fresh consoles, nothing worse.
      }
    },
  };
}

export function memoryStorage(initial: PersistedConsoles | null = null): ConsoleStorage & { value: PersistedConsoles | null } {
  const s = {
    value: initial,
    load: () => (s.value === null ? null : structuredClone<PersistedConsoles>(s.value)),
    save: (v: PersistedConsoles) => {
      s.value = structuredClone(v);
    },
  };
  return s;
}
