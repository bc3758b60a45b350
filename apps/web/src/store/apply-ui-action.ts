import type { ConsoleTab, LabState } from './state.js';

/** What the user (or the console manager) changes locally; pure like the server reducer. */
export type UiAction =
  | { type: 'station.select'; seq: number | null }
  | { type: 'station.clear' }
  | { type: 'station.compare'; prefix: string | null }
  | { type: 'consoles.set'; tabs: readonly ConsoleTab[] }
  | { type: 'consoles.activate'; localId: string };

export function applyUiAction(state: LabState, action: UiAction): LabState {
  switch (action.type) {
    case 'station.select':
      if (state.station.selectedSeq === action.seq) return state;
      return { ...state, station: { ...state.station, selectedSeq: action.seq, detail: null } };
    case 'station.compare':
      if (state.station.comparedPrefix === action.prefix) return state;
      return { ...state, station: { ...state.station, comparedPrefix: action.prefix } };
    case 'station.clear': {
      const items = state.station.messages.items;
      const newest = items.length > 0 ? items[items.length - 1]!.seq : state.station.clearedThrough;
      return {
        ...state,
        station: {
          ...state.station,
          messages: { items: [], dropped: 0 },
          clearedThrough: Math.max(newest, state.station.clearedThrough),
          selectedSeq: null,
          detail: null,
        },
      };
    }
    case 'consoles.set': {
      const tabs = action.tabs;
      let active = state.consoles.active;
      if (active === null || !tabs.some((t) => t.localId === active)) {
        // The active tab went away: its right neighbour, else the last one.
        const oldIndex = state.consoles.tabs.findIndex((t) => t.localId === active);
        active = (tabs[Math.min(Math.max(oldIndex, 0), tabs.length - 1)] ?? null)?.localId ?? null;
      }
      return { ...state, consoles: { tabs, active } };
    }
    case 'consoles.activate':
      if (state.consoles.active === action.localId || !state.consoles.tabs.some((t) => t.localId === action.localId)) {
        return state;
      }
      return { ...state, consoles: { ...state.consoles, active: action.localId } };
  }
}
