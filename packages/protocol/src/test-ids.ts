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
  /** The ✓ on a finished exercise of the ladder; `data-with-checkpoint="true"` when it was finished after restoring a checkpoint. */
  exerciseDone: 'exercise-done',
  /** The button on a finished exercise that opens the following one. */
  exerciseNext: 'exercise-next',
  /** The message shown once the last exercise of the ladder is finished. */
  exerciseLadderDone: 'exercise-ladder-done',
  connectionState: 'connection-state',
  /** Shown while the server's storage refuses writes (`storage.state` not ok). */
  storageBanner: 'storage-banner',
  /** One route count of a BMP session card: `data-peer`, `data-view`, `data-prefixes`. */
  sessionRibCount: 'session-rib-count',
  /** A node of the Topology tab: `data-kind` (router | neighbor | station), `data-name` (sysname, address or address:port). */
  topologyNode: 'topology-node',
  /** A session of the Topology tab: `data-kind` (bgp | bmp), `data-state` (up | down), `data-from`, `data-to` (node ids `kind:name`). */
  topologyLink: 'topology-link',
} as const;

export type TestId = (typeof TEST_IDS)[keyof typeof TEST_IDS];
