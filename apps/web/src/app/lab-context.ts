import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabConnection } from '../connection/lab-connection.js';
import type { LabState, LabStore } from '../store/index.js';
import type { SecondClock } from './clock.js';
import type { InputPriority } from './input-priority.js';

/** What the composition root (main.tsx) hands to the component tree. */
export interface LabServices {
  store: LabStore;
  connection: LabConnection;
  /** The ticking figures' one clock. */
  clock: SecondClock;
  /** Keystrokes first: terminals report keys and echoes to it. */
  priority: InputPriority;
}

export const LabContext = createContext<LabServices | null>(null);

export function useLab(): LabServices {
  const services = useContext(LabContext);
  if (services === null) throw new Error('useLab() called outside <LabContext.Provider>');
  return services;
}

/** Read a slice of the one store; re-renders only when that slice changes. */
export function useLabState<T>(selector: (state: LabState) => T): T {
  return useStore(useLab().store, selector);
}
