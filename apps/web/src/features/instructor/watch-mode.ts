import { memoryStorage } from '../../connection/console-storage.js';
import type { ConsoleStorage } from '../../connection/console-storage.js';

/**
 * The read-only view of a trainee's lab: the lab's page with
 * `?watch=<console id>`. The socket asks to be read-only (`&readonly=1`: the
 * server refuses every message that would type or change the lab), and the
 * console list starts with the watched console alone, kept in memory so the
 * instructor's tab does not remember it as its own.
 */
export function watchMode(location: Pick<Location, 'search'>, labSocketUrl: string): { url: string; consoleStorage: ConsoleStorage; consoleId: string } | null {
  const consoleId = new URLSearchParams(location.search).get('watch');
  if (!consoleId) return null;
  const url = `${labSocketUrl}${labSocketUrl.includes('?') ? '&' : '?'}readonly=1`;
  const consoleStorage = memoryStorage({
    version: 1,
    next: 2,
    active: 'watched',
    consoles: [{ localId: 'watched', title: 'Watching (read-only)', consoleId, router: null, seen: 0, history: '', closed: false, reason: null }],
  });
  return { url, consoleStorage, consoleId };
}
