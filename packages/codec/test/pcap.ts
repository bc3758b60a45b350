// A minimal classic-pcap writer (LINKTYPE_ETHERNET) that wraps a byte stream
// into IPv4/TCP segments from 127.0.0.1:40000 to 127.0.0.1:PORT, so tshark can
// reassemble and dissect it without a live capture. Checksums are left zero
// (tshark does not verify them by default).
import { concat } from './helpers.js';

function be16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}
function be32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}
function le32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

export function streamToPcap(stream: Uint8Array, port: number, segmentSizes: (i: number) => number): Uint8Array {
  const parts: Uint8Array[] = [
    // pcap global header: magic, v2.4, thiszone, sigfigs, snaplen 262144, linktype 1
    Uint8Array.from([...le32(0xa1b2c3d4), 2, 0, 4, 0, ...le32(0), ...le32(0), ...le32(262144), ...le32(1)]),
  ];
  let seq = 1000;
  let t = 1_700_000_000;
  for (let off = 0, i = 0; off < stream.length; i++) {
    const n = Math.min(segmentSizes(i), stream.length - off);
    const payload = stream.subarray(off, off + n);
    const tcp = [...be16(40000), ...be16(port), ...be32(seq), ...be32(1), 0x50, 0x18, ...be16(65535), 0, 0, 0, 0];
    const ipLen = 20 + tcp.length + n;
    const ip = [0x45, 0, ...be16(ipLen), ...be16(i & 0xffff), 0x40, 0, 64, 6, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1];
    const eth = [0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00];
    const frameLen = eth.length + ipLen;
    parts.push(Uint8Array.from([...le32(t++), ...le32(0), ...le32(frameLen), ...le32(frameLen), ...eth, ...ip, ...tcp]), payload);
    seq += n;
    off += n;
  }
  return concat(...parts);
}
