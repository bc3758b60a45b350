/**
 * @bmp-lab/codec — BMP v3 (RFC 7854, 8671, 9069) and the BGP-4 messages BMP
 * carries (RFC 4271, 6793, 4760). Pure: Uint8Array in and out, no Node or DOM.
 *
 * Decoders return `Result` values and never throw; encoders throw only on
 * invalid input objects (programmer errors).
 */

export { ok, fail, type Result, type DecodeError, type DecodeErrorCode, type ErrorHandling } from './errors.js';
export { DECODE_ERRORS, DECODE_ERROR_CODES, type DecodeErrorInfo } from './error-codes.js';

// BMP
export {
  BMP_VERSION,
  BMP_COMMON_HEADER_LENGTH,
  BMP_DEFAULT_MAX_MESSAGE_LENGTH,
  BMP_MESSAGE_TYPE,
  BMP_MESSAGE_TYPE_NAMES,
  type BmpMessageTypeName,
  type BmpCommonHeader,
} from './bmp/common-header.js';
export { INITIATION_TLV_TYPE, type InitiationTlv, type InitiationMessage } from './bmp/initiation.js';
export { TERMINATION_TLV_TYPE, TERMINATION_REASON, type TerminationTlv, type TerminationMessage } from './bmp/termination.js';
export { INFORMATION_TLV_TYPE, type InformationTlv } from './bmp/information-tlv.js';
export {
  PEER_TYPE,
  PEER_FLAG,
  PER_PEER_HEADER_LENGTH,
  ZERO_DISTINGUISHER,
  peerUsesFourOctetAs,
  peerIsIpv6,
  type PerPeerHeader,
  type AdjRibPeerFlags,
  type LocRibPeerFlags,
} from './bmp/per-peer-header.js';
export { type PeerUpMessage } from './bmp/peer-up.js';
export { PEER_DOWN_REASON, type PeerDownReason, type PeerDownMessage } from './bmp/peer-down.js';
export { routeMonitoringIpv4Prefixes, routeMonitoringPeer, type RouteMonitoringMessage } from './bmp/route-monitoring.js';
export { STATISTICS_TYPE, statisticsKind, type StatisticsKind, type Statistic, type StatisticsReportMessage } from './bmp/statistics-report.js';
export { ROUTE_MIRRORING_TLV_TYPE, ROUTE_MIRRORING_INFORMATION, type RouteMirroringTlv, type RouteMirroringMessage } from './bmp/route-mirroring.js';
export {
  ROUTE_POLICY_TRACE_TYPE,
  TRACE_TLV_TYPE,
  TRACE_POLICY_CLASS,
  type RoutePolicyTraceMessage,
  type TraceEvent,
  type TraceEventTlv,
  type TracePolicy,
} from './bmp/route-policy-trace.js';
export { decodeBmpMessage, encodeBmpMessage, writeBmpMessage, bmpMessageTypeName, type BmpMessage, type BmpDecodeOptions } from './bmp/message.js';
export { createBmpFramer, type BmpFramer, type BmpFramerOptions, type FramedItem } from './bmp/framer.js';

// BGP
export { BGP_HEADER_LENGTH, BGP_MAX_MESSAGE_LENGTH, BGP_EXTENDED_MAX_MESSAGE_LENGTH, BGP_MESSAGE_TYPE, AFI, SAFI, AS_TRANS, type BgpCodecOptions } from './bgp/constants.js';
export { CAPABILITY_CODE, ADD_PATH_SEND_RECEIVE, type Capability, type AddPathEntry } from './bgp/capabilities.js';
export { OPEN_PARAMETER_TYPE, openCapabilities, openAsn, type OpenMessage, type OpenParameter } from './bgp/open.js';
export { endOfRib, endOfRibFamily, type UpdateMessage } from './bgp/update.js';
export { PrefixRun, prefixTexts, type PrefixList, type Ipv4PrefixVisitor, type Ipv6PrefixVisitor } from './bgp/prefix-run.js';
export {
  WITHDRAWN_LABEL_ENTRY,
  mplsLabelEntry,
  mplsLabelOf,
  routeDistinguisherBytes,
  formatRouteDistinguisher,
  routeTargetHex,
  formatRouteTarget,
  splitVpnPrefix,
} from './bgp/vpn-nlri.js';
export {
  NOTIFICATION_ERROR_CODE,
  UNSPECIFIC_SUBCODE,
  MESSAGE_HEADER_ERROR_SUBCODE,
  OPEN_MESSAGE_ERROR_SUBCODE,
  UPDATE_MESSAGE_ERROR_SUBCODE,
  CEASE_SUBCODE,
  type NotificationCode,
  type NotificationMessage,
} from './bgp/notification.js';
export { createBgpFramer, type BgpFramer, type BgpFramerOptions } from './bgp/framer.js';
export { type RouteRefreshMessage } from './bgp/route-refresh.js';
export {
  PATH_ATTRIBUTE_TYPE,
  ATTRIBUTE_FLAG,
  ORIGIN,
  AS_PATH_SEGMENT_TYPE,
  defaultAttributeFlags,
  type PathAttribute,
  type PathAttributeType,
  type AsPathSegment,
  type AsPathSegmentKind,
  type OriginName,
} from './bgp/path-attributes/types.js';
export { decodeBgpMessage, encodeBgpMessage, writeBgpMessage, type BgpMessage, type BgpMessageTypeName, type KeepaliveMessage, type BgpEncodeOptions } from './bgp/message.js';

// Field-by-field dissection (Wireshark-like tree for a hex view)
export { dissectBmpMessage, type BmpDissection, type DissectionNode, type DissectionValue } from './dissect.js';

// Byte helpers useful to callers and tests
export { ByteWriter } from './bytes/writer.js';
export { toHex, fromHex } from './bytes/hex.js';
export {
  formatIpv4,
  formatIpv4Prefix,
  ipv4Netmask,
  formatIpv6,
  ipv4ToBytes,
  ipv4ToNumber,
  ipv4ToNumberAllowingLeadingZeros,
  ipv6ToBytes,
  isIpv4,
  isIpv6,
  numberToIpv4,
  parseIpv6Into,
  scanIpv4,
} from './bytes/ip.js';
