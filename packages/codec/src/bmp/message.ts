import type { PrefixList } from '../bgp/prefix-run.js';
import { ByteReader } from '../bytes/reader.js';
import { ByteWriter } from '../bytes/writer.js';
import { fail, type Result } from '../errors.js';
import { BMP_MESSAGE_TYPE, BMP_VERSION, messageTypeNameOf, readCommonHeader, type BmpMessageTypeName } from './common-header.js';
import { readInitiation, writeInitiation, type InitiationMessage } from './initiation.js';
import { readPeerDown, writePeerDown, type PeerDownMessage } from './peer-down.js';
import { readPeerUp, writePeerUp, type PeerUpMessage } from './peer-up.js';
import { readRouteMirroring, writeRouteMirroring, type RouteMirroringMessage } from './route-mirroring.js';
import { readRoutePolicyTrace, writeRoutePolicyTrace, type RoutePolicyTraceMessage } from './route-policy-trace.js';
import { readRouteMonitoring, writeRouteMonitoring, type RouteMonitoringMessage } from './route-monitoring.js';
import { readStatisticsReport, writeStatisticsReport, type StatisticsReportMessage } from './statistics-report.js';
import { readTermination, writeTermination, type TerminationMessage } from './termination.js';

/**
 * A BMP v3 message (RFC 7854 §4), discriminated on `type`. `P`: how a Route
 * Monitoring's prefixes are given — text (the default), or text or PrefixRun
 * when decoded with `prefixRuns`.
 */
export type BmpMessage<P extends PrefixList = string[]> =
  InitiationMessage | TerminationMessage | PeerUpMessage | PeerDownMessage | RouteMonitoringMessage<P> | StatisticsReportMessage | RouteMirroringMessage | RoutePolicyTraceMessage;

/** How `decodeBmpMessage` gives what it reads. */
export interface BmpDecodeOptions {
  /**
   * A Route Monitoring's unicast and multicast prefixes as runs over the
   * message's bytes (PrefixRun: walked as numbers, text on demand), checked
   * as strictly as text: for a collector that keys its tables by number.
   * VPN prefixes and every other message's are text either way.
   */
  prefixRuns?: boolean;
}

type Reader = (r: ByteReader) => Result<BmpMessage<PrefixList>>;
const READERS: readonly Reader[] = [readRouteMonitoring, readStatisticsReport, readPeerDown, readPeerUp, readInitiation, readTermination, readRouteMirroring];

/**
 * Decodes exactly one whole BMP message (common header included). Never
 * throws; offsets in errors index `bytes`.
 */
export function decodeBmpMessage(bytes: Uint8Array, options?: BmpDecodeOptions & { prefixRuns?: false }): Result<BmpMessage>;
export function decodeBmpMessage(bytes: Uint8Array, options: BmpDecodeOptions): Result<BmpMessage<PrefixList>>;
export function decodeBmpMessage(bytes: Uint8Array, options: BmpDecodeOptions = {}): Result<BmpMessage<PrefixList>> {
  // Runs only where they pay, in Route Monitoring; route mirroring and trace messages read their prefixes as text.
  const runs = options.prefixRuns === true && bytes[5] === BMP_MESSAGE_TYPE.ROUTE_MONITORING;
  const r = new ByteReader(bytes, 0, bytes.length, 'BMP_TRUNCATED', undefined, null, runs);
  const h = readCommonHeader(r, 0xffffffff);
  if (!h.ok) return h;
  if (h.value.length !== bytes.length) {
    return fail(
      h.value.length > bytes.length ? 'BMP_TRUNCATED' : 'BMP_LENGTH_MISMATCH',
      1,
      'common header.length',
      `Common header declares ${h.value.length} bytes but the input holds ${bytes.length}.`,
    );
  }
  return readBmpBody(r, h.value.type);
}

/**
 * Reads the message body after the common header, to the end of `r`
 * (a dissection opens the body's structure itself, so it can show a body
 * shorter than its declared length as far as it goes).
 */
export function readBmpBody(r: ByteReader, type: number): Result<BmpMessage<PrefixList>> {
  const read = type === BMP_MESSAGE_TYPE.ROUTE_POLICY_TRACE ? readRoutePolicyTrace : READERS[type];
  if (read === undefined)
    return fail(
      'BMP_UNKNOWN_MESSAGE_TYPE',
      5,
      'common header.message type',
      `BMP message type ${type} at offset 5 is not one of 0..6 (RFC 7854 §4.1) or 100 (Route Policy and Attribute Trace).`,
    );
  const m = read(r);
  if (!m.ok) return m;
  if (!r.atEnd) return fail('BMP_TRAILING_DATA', r.offset, m.value.type, `${r.remaining} unexpected bytes at offset ${r.offset} after the ${m.value.type} fields.`);
  return m;
}

const TYPE_CODE: Record<BmpMessageTypeName, number> = {
  'route-monitoring': BMP_MESSAGE_TYPE.ROUTE_MONITORING,
  'statistics-report': BMP_MESSAGE_TYPE.STATISTICS_REPORT,
  'peer-down': BMP_MESSAGE_TYPE.PEER_DOWN_NOTIFICATION,
  'peer-up': BMP_MESSAGE_TYPE.PEER_UP_NOTIFICATION,
  initiation: BMP_MESSAGE_TYPE.INITIATION,
  termination: BMP_MESSAGE_TYPE.TERMINATION,
  'route-mirroring': BMP_MESSAGE_TYPE.ROUTE_MIRRORING,
  'route-policy-trace': BMP_MESSAGE_TYPE.ROUTE_POLICY_TRACE,
};

/** Appends one whole BMP message to `w` (for batching many messages into one socket write). */
export function writeBmpMessage(w: ByteWriter, m: BmpMessage): void {
  const start = w.length;
  w.u8(BMP_VERSION, 'common header.version');
  const lenAt = w.reserve(4);
  w.u8(TYPE_CODE[m.type], 'common header.message type');
  switch (m.type) {
    case 'initiation':
      writeInitiation(w, m);
      break;
    case 'termination':
      writeTermination(w, m);
      break;
    case 'peer-up':
      writePeerUp(w, m);
      break;
    case 'peer-down':
      writePeerDown(w, m);
      break;
    case 'route-monitoring':
      writeRouteMonitoring(w, m);
      break;
    case 'statistics-report':
      writeStatisticsReport(w, m);
      break;
    case 'route-mirroring':
      writeRouteMirroring(w, m);
      break;
    case 'route-policy-trace':
      writeRoutePolicyTrace(w, m);
      break;
  }
  w.patchU32(lenAt, w.length - start, 'common header.length');
}

/** Encodes one whole BMP v3 message, 6-byte common header included. Throws only on invalid input objects. */
export function encodeBmpMessage(m: BmpMessage): Uint8Array {
  const w = new ByteWriter(m.type === 'route-monitoring' || m.type === 'peer-up' || m.type === 'route-policy-trace' ? 512 : 128);
  writeBmpMessage(w, m);
  return w.finish().slice();
}

/** The name of a message type code (RFC 7854 0..6, Huawei's 100), or `undefined`. */
export function bmpMessageTypeName(code: number): BmpMessageTypeName | undefined {
  return messageTypeNameOf(code);
}
