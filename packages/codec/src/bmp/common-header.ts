import type { ByteReader } from '../bytes/reader.js';
import { codeLabel } from '../bytes/spans.js';
import { fail, ok, type Failure, type Result } from '../errors.js';

/** RFC 7854 §4.1: the only BMP version this codec speaks. */
export const BMP_VERSION = 3;
/** RFC 7854 §4.1: version (1) + message length (4) + message type (1). */
export const BMP_COMMON_HEADER_LENGTH = 6;
/** Default largest message the framer accepts (1 MiB). */
export const BMP_DEFAULT_MAX_MESSAGE_LENGTH = 1024 * 1024;

/** RFC 7854 §4.1 / IANA "BMP Message Types". */
export const BMP_MESSAGE_TYPE = {
  ROUTE_MONITORING: 0,
  STATISTICS_REPORT: 1,
  PEER_DOWN_NOTIFICATION: 2,
  PEER_UP_NOTIFICATION: 3,
  INITIATION: 4,
  TERMINATION: 5,
  ROUTE_MIRRORING: 6,
  /** Huawei's Route Policy and Attribute Trace (draft-xu-grow-bmp-route-policy-attr-trace; not in IANA's registry). */
  ROUTE_POLICY_TRACE: 100,
} as const;

export type BmpMessageTypeName = 'route-monitoring' | 'statistics-report' | 'peer-down' | 'peer-up' | 'initiation' | 'termination' | 'route-mirroring' | 'route-policy-trace';

/** Every message type name, in the order of their codes (RFC 7854 §4.1 0..6, then Huawei's 100). */
export const BMP_MESSAGE_TYPE_NAMES: readonly BmpMessageTypeName[] = Object.freeze([
  'route-monitoring',
  'statistics-report',
  'peer-down',
  'peer-up',
  'initiation',
  'termination',
  'route-mirroring',
  'route-policy-trace',
] as const);

/** The name of a message type code, or `undefined` for a code this codec does not read. */
export function messageTypeNameOf(code: number): BmpMessageTypeName | undefined {
  if (code === BMP_MESSAGE_TYPE.ROUTE_POLICY_TRACE) return 'route-policy-trace';
  return code >= 0 && code <= BMP_MESSAGE_TYPE.ROUTE_MIRRORING ? BMP_MESSAGE_TYPE_NAMES[code] : undefined;
}

/** RFC 7854 §4.1 common header. */
export interface BmpCommonHeader {
  version: number;
  /** Total message length in bytes, header included. */
  length: number;
  type: number;
}

/**
 * Reads and checks the common header: version 3 and a length of at least 6
 * bytes and at most `maxLength`. The type is not checked here (framing does
 * not depend on it).
 */
export function readCommonHeader(r: ByteReader, maxLength: number): Result<BmpCommonHeader> {
  const t = r.spans;
  const start = r.offset;
  t?.open('common header', start + BMP_COMMON_HEADER_LENGTH);
  const version = r.u8('common header.version');
  if (version < 0) return r.failure();
  t?.field('version', r.offset, version);
  if (version !== BMP_VERSION)
    return fail('BMP_BAD_VERSION', start, 'common header.version', `BMP version at offset ${start} is ${version}; only version 3 (RFC 7854) is supported.`);
  const length = r.u32('common header.length');
  if (length < 0) return r.failure();
  t?.field('message length', r.offset, length);
  const lengthError = checkLength(length, start + 1, maxLength);
  if (lengthError !== null) return lengthError;
  const type = r.u8('common header.message type');
  if (type < 0) return r.failure();
  if (t !== null) {
    t.field('message type', r.offset, codeLabel(messageTypeNameOf(type), type));
    t.close();
  }
  return ok({ version, length, type });
}

export function checkLength(length: number, at: number, maxLength: number): Failure | null {
  if (length < BMP_COMMON_HEADER_LENGTH)
    return fail('BMP_BAD_LENGTH', at, 'common header.length', `BMP message length ${length} at offset ${at} is shorter than the 6-byte common header.`);
  if (length > maxLength) return fail('BMP_TOO_LONG', at, 'common header.length', `BMP message length ${length} at offset ${at} exceeds the ${maxLength}-byte maximum.`);
  return null;
}
