/**
 * UI test hooks (README "Public contracts", public contract). Users' Playwright tests select on
 * these; renaming one is a breaking change.
 */
export const TEST_IDS = {
  terminal: 'terminal',
  bmpSession: 'bmp-session',
  stationMessage: 'station-message',
  exerciseItem: 'exercise-item',
  exerciseCheck: 'exercise-check',
  connectionState: 'connection-state',
  /** One route count of a BMP session card: `data-peer`, `data-view`, `data-prefixes`. */
  sessionRibCount: 'session-rib-count',
} as const;

export type TestId = (typeof TEST_IDS)[keyof typeof TEST_IDS];
