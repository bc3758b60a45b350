export const BACKOFF_INITIAL_MS = 500;
export const BACKOFF_MAX_MS = 8_000;

/**
 * Delay before reconnect attempt `attempt` (1-based): 0.5 s, 1 s, 2 s, 4 s,
 * then 8 s for ever. No jitter: a lab has a handful of browsers, not a herd.
 */
export function backoffDelay(attempt: number): number {
  if (attempt <= 1) return BACKOFF_INITIAL_MS;
  return Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** Math.min(attempt - 1, 16));
}
