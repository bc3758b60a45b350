import type { BoundedLog } from './state.js';

/** Replace the log's content (a snapshot), keeping the newest `limit` items. */
export function resetLog<T>(items: readonly T[], limit: number): BoundedLog<T> {
  const overflow = Math.max(0, items.length - limit);
  return { items: overflow > 0 ? items.slice(overflow) : items.slice(), dropped: overflow };
}

/** Append one item, dropping the oldest when the log is full. */
export function appendToLog<T>(log: BoundedLog<T>, item: T, limit: number): BoundedLog<T> {
  if (log.items.length < limit) return { items: [...log.items, item], dropped: log.dropped };
  const overflow = log.items.length - limit + 1;
  return { items: [...log.items.slice(overflow), item], dropped: log.dropped + overflow };
}
