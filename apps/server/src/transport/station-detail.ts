import type { ServerMessage } from '@bmp-lab/protocol';
import type { StationLog } from '../station/station-log.js';
import { dissect } from '../station/dissect.js';

/** Answer to `station.detail`: the message's bytes in hex and its decoded tree. */
export function stationDetail(log: StationLog, seq: number): Extract<ServerMessage, { type: 'station.detail' }> {
  const bytes = log.bytes(seq);
  if (!bytes) return { type: 'station.detail', seq, hex: '', tree: [] };
  return { type: 'station.detail', seq, hex: Buffer.from(bytes).toString('hex'), tree: dissect(bytes) };
}
