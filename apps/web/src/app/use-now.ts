import { useSyncExternalStore } from 'react';
import { useLab } from './lab-context.js';

const never = () => () => undefined;

/**
 * The page's second clock (epoch ms of its last tick). A component that
 * calls it re-renders once a second while `ticking`; keep such components
 * small (an age, a countdown), so a tick touches only the text that moves.
 */
export function useNow(ticking = true): number {
  const { clock } = useLab();
  return useSyncExternalStore(ticking ? clock.subscribe : never, clock.now);
}
