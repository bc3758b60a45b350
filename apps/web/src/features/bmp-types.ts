import type { BmpMessageTypeName } from '@bmp-lab/protocol';

/** How the UI labels each BMP message type (RFC 7854 §4.1). */
export const BMP_TYPE_LABELS: Record<BmpMessageTypeName, { short: string; label: string; long: string }> = {
  initiation: { short: 'Init', label: 'Initiation', long: 'Initiation' },
  'peer-up': { short: 'PU', label: 'Peer Up', long: 'Peer Up Notification' },
  'route-monitoring': { short: 'RM', label: 'Route Monitoring', long: 'Route Monitoring' },
  'statistics-report': { short: 'SR', label: 'Statistics', long: 'Statistics Report' },
  'peer-down': { short: 'PD', label: 'Peer Down', long: 'Peer Down Notification' },
  termination: { short: 'Term', label: 'Termination', long: 'Termination' },
  'route-mirroring': { short: 'Mirr', label: 'Route Mirroring', long: 'Route Mirroring' },
  'route-policy-trace': { short: 'Trace', label: 'Route Trace', long: 'Route Policy and Attribute Trace' },
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
  'route-policy-trace',
];
