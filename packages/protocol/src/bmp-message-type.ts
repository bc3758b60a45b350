/**
 * BMP message types as the UI and the test hooks name them (`data-type`), in the
 * order of their type codes: RFC 7854 §4.1 0..6, then Huawei's Route Policy and
 * Attribute Trace (100). The codec names them the same way; the server checks
 * the two lists agree at compile time.
 */
export const BMP_MESSAGE_TYPES = ['route-monitoring', 'statistics-report', 'peer-down', 'peer-up', 'initiation', 'termination', 'route-mirroring', 'route-policy-trace'] as const;

export type BmpMessageTypeName = (typeof BMP_MESSAGE_TYPES)[number];

/** Messages counted per type, every type present (0 when none). */
export type MessageCounts = Record<BmpMessageTypeName, number>;

export function emptyMessageCounts(): MessageCounts {
  return Object.fromEntries(BMP_MESSAGE_TYPES.map((t) => [t, 0])) as MessageCounts;
}
