import type { BoundedLog } from './state.js';

/** Replace the log's content (a snapshot), keeping the newest `limit` items. */
export function resetLog<T>(items: readonly T[], limit: number): BoundedLog<T> {
  const overflow = Math.max(0, items.length - limit);
  return { items: overflow > 0 ? items.slice(overflow) : items.slice(), dropped: overflow };
}

/** Append one item, dropping the oldest when the log is full. */
export function appendToLog<T>(log: BoundedLog<T>, item: T, limit: number): BoundedLog<T> {
  return appendManyToLog(log, [item], limit);
}

/** Append a batch at once (one copy of the log however long the burst). */
export function appendManyToLog<T>(log: BoundedLog<T>, more: readonly T[], limit: number): BoundedLog<T> {
  if (more.length === 0) return log;
  const total = log.items.length + more.length;
  if (total <= limit) return { items: log.items.concat(more), dropped: log.dropped };
  const overflow = total - limit;
  const items = overflow >= log.items.length ? more.slice(overflow - log.items.length) : log.items.slice(overflow).concat(more);
  return { items, dropped: log.dropped + overflow };
}
