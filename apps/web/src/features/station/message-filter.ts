import type { BmpMessageTypeName, StationMessageView } from '@bmp-lab/protocol';

/** The inspector's filters; null means "any". */
export interface MessageFilter {
  type: BmpMessageTypeName | null;
  peer: string | null;
  /** A lab session key, or a station connection id (external routers have no session). */
  source: string | null;
}

export const NO_FILTER: MessageFilter = { type: null, peer: null, source: null };

export function isFiltering(f: MessageFilter): boolean {
  return f.type !== null || f.peer !== null || f.source !== null;
}

export function matchesFilter(m: StationMessageView, f: MessageFilter): boolean {
  if (f.type !== null && m.type !== f.type) return false;
  if (f.peer !== null && m.peer !== f.peer) return false;
  if (f.source !== null && m.sessionKey !== f.source && m.connection !== f.source) return false;
  return true;
}

/** The messages the filter keeps (the same array when nothing is filtered). */
export function filterMessages(items: readonly StationMessageView[], f: MessageFilter): readonly StationMessageView[] {
  if (!isFiltering(f)) return items;
  return items.filter((m) => matchesFilter(m, f));
}

/** Choices for the peer filter: distinct peers, sorted. */
export function distinctPeers(items: readonly StationMessageView[]): string[] {
  const set = new Set<string>();
  for (const m of items) if (m.peer !== null) set.add(m.peer);
  return [...set].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
