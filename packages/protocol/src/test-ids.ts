/**
 * UI test hooks (DESIGN §3, public contract). Users' Playwright tests select on
 * these; renaming one is a breaking change.
 */
export const TEST_IDS = {
  terminal: 'terminal',
  bmpSession: 'bmp-session',
  stationMessage: 'station-message',
  exerciseItem: 'exercise-item',
  exerciseCheck: 'exercise-check',
  connectionState: 'connection-state',
} as const;

export type TestId = (typeof TEST_IDS)[keyof typeof TEST_IDS];
