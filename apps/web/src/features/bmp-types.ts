import type { BmpMessageTypeName } from '@bmp-lab/protocol';

/** How the UI labels each BMP message type (RFC 7854 §4.1). */
export const BMP_TYPE_LABELS: Record<BmpMessageTypeName, { short: string; long: string }> = {
  initiation: { short: 'Init', long: 'Initiation' },
  'peer-up': { short: 'PU', long: 'Peer Up Notification' },
  'route-monitoring': { short: 'RM', long: 'Route Monitoring' },
  'statistics-report': { short: 'SR', long: 'Statistics Report' },
  'peer-down': { short: 'PD', long: 'Peer Down Notification' },
  termination: { short: 'Term', long: 'Termination' },
  'route-mirroring': { short: 'Mirr', long: 'Route Mirroring' },
};

/** Column order of counters: the order a session lives through them. */
export const BMP_TYPES_IN_SESSION_ORDER: readonly BmpMessageTypeName[] = [
  'initiation',
  'peer-up',
  'route-monitoring',
  'statistics-report',
  'peer-down',
  'termination',
  'route-mirroring',
];
