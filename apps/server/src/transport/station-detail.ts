import type { ServerMessage } from '@bmp-lab/protocol';
import { dissect } from '../station/dissect.js';

/** Answer to `station.detail`: the message's bytes in hex and its decoded tree. */
export function stationDetail(log: { bytes(seq: number): Uint8Array | undefined }, seq: number): Extract<ServerMessage, { type: 'station.detail' }> {
  const bytes = log.bytes(seq);
  if (!bytes) return { type: 'station.detail', seq, hex: '', tree: [] };
  return { type: 'station.detail', seq, hex: Buffer.from(bytes).toString('hex'), tree: dissect(bytes) };
}
