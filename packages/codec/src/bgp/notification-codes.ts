/**
 * BGP NOTIFICATION error codes and subcodes (RFC 4271 §4.5 and §6, IANA "BGP
 * Error (Notification) Codes" and its subcode registries). Kept apart from the
 * message reader so the decode-error table can name them without an import
 * cycle.
 */

/** RFC 4271 §4.5 / IANA "BGP Error (Notification) Codes". */
export const NOTIFICATION_ERROR_CODE = {
  MESSAGE_HEADER_ERROR: 1,
  OPEN_MESSAGE_ERROR: 2,
  UPDATE_MESSAGE_ERROR: 3,
  HOLD_TIMER_EXPIRED: 4,
  FINITE_STATE_MACHINE_ERROR: 5,
  /** RFC 4486 subcodes below. */
  CEASE: 6,
  /** RFC 7313 §5. */
  ROUTE_REFRESH_MESSAGE_ERROR: 7,
} as const;

/** RFC 4271 §4.5: the subcode sent when no specific one is defined (Hold Timer Expired, FSM Error, ...). */
export const UNSPECIFIC_SUBCODE = 0;

/** RFC 4271 §6.1 / IANA "Message Header Error subcodes". */
export const MESSAGE_HEADER_ERROR_SUBCODE = {
  CONNECTION_NOT_SYNCHRONIZED: 1,
  BAD_MESSAGE_LENGTH: 2,
  BAD_MESSAGE_TYPE: 3,
} as const;

/** RFC 4271 §6.2 / IANA "OPEN Message Error subcodes". */
export const OPEN_MESSAGE_ERROR_SUBCODE = {
  UNSUPPORTED_VERSION_NUMBER: 1,
  BAD_PEER_AS: 2,
  BAD_BGP_IDENTIFIER: 3,
  UNSUPPORTED_OPTIONAL_PARAMETER: 4,
  UNACCEPTABLE_HOLD_TIME: 6,
  /** RFC 5492 §5. */
  UNSUPPORTED_CAPABILITY: 7,
} as const;

/** RFC 4271 §6.3 / IANA "UPDATE Message Error subcodes". */
export const UPDATE_MESSAGE_ERROR_SUBCODE = {
  MALFORMED_ATTRIBUTE_LIST: 1,
  UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE: 2,
  MISSING_WELL_KNOWN_ATTRIBUTE: 3,
  ATTRIBUTE_FLAGS_ERROR: 4,
  ATTRIBUTE_LENGTH_ERROR: 5,
  INVALID_ORIGIN_ATTRIBUTE: 6,
  INVALID_NEXT_HOP_ATTRIBUTE: 8,
  OPTIONAL_ATTRIBUTE_ERROR: 9,
  INVALID_NETWORK_FIELD: 10,
  MALFORMED_AS_PATH: 11,
} as const;

/** RFC 4486 §4 / IANA "BGP Cease NOTIFICATION message subcodes". */
export const CEASE_SUBCODE = {
  MAXIMUM_NUMBER_OF_PREFIXES_REACHED: 1,
  ADMINISTRATIVE_SHUTDOWN: 2,
  PEER_DE_CONFIGURED: 3,
  ADMINISTRATIVE_RESET: 4,
  CONNECTION_REJECTED: 5,
  OTHER_CONFIGURATION_CHANGE: 6,
  CONNECTION_COLLISION_RESOLUTION: 7,
  OUT_OF_RESOURCES: 8,
  /** RFC 8538 §5. */
  HARD_RESET: 9,
} as const;

/** The error code and subcode of a NOTIFICATION (RFC 4271 §4.5), without its data. */
export interface NotificationCode {
  code: number;
  subcode: number;
}
