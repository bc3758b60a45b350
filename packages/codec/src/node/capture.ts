/**
 * Pulls TCP payload streams out of a pcap or pcapng capture (pure: bytes in,
 * streams out). Supports link types Ethernet (1, with 802.1Q tags), raw IP
 * (101, 228, 229), BSD loopback (0) and Linux cooked SLL (113) / SLL2 (276).
 * Segments are reassembled per direction by sequence number; retransmitted
 * bytes are dropped and a gap ends what can be decoded of that flow.
 */

export interface TcpFlow {
  /** `src:port > dst:port` */
  id: string;
  dstPort: number;
  srcPort: number;
  bytes: Uint8Array;
  /** Bytes missing before the end of the capture (a gap stops reassembly). */
  gap: boolean;
}

interface Segment {
  id: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  syn: boolean;
  payload: Uint8Array;
}

const PCAP_MAGIC = [0xa1b2c3d4, 0xa1b23c4d];
const PCAPNG_SHB = 0x0a0d0d0a;

export function isCapture(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const be = dv.getUint32(0, false);
  const le = dv.getUint32(0, true);
  return be === PCAPNG_SHB || PCAP_MAGIC.includes(be) || PCAP_MAGIC.includes(le);
}

/** Returns flows in order of first appearance, or an error string. */
export function tcpFlowsFromCapture(b: Uint8Array): TcpFlow[] | string {
  const segments: Segment[] = [];
  const err = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(0, false) === PCAPNG_SHB ? readPcapng(b, segments) : readPcap(b, segments);
  if (err !== null) return err;
  return reassemble(segments);
}

function readPcap(b: Uint8Array, out: Segment[]): string | null {
  if (b.length < 24) return 'pcap global header is truncated';
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = PCAP_MAGIC.includes(dv.getUint32(0, true));
  const linktype = dv.getUint32(20, le) & 0xffff;
  let p = 24;
  while (p + 16 <= b.length) {
    const incl = dv.getUint32(p + 8, le);
    if (p + 16 + incl > b.length) return `pcap record at offset ${p} runs past the end of the file`;
    parseFrame(b.subarray(p + 16, p + 16 + incl), linktype, out);
    p += 16 + incl;
  }
  return null;
}

function readPcapng(b: Uint8Array, out: Segment[]): string | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let le = true;
  const linktypes: number[] = [];
  let p = 0;
  while (p + 12 <= b.length) {
    const type = dv.getUint32(p, le);
    if (type === PCAPNG_SHB) {
      le = dv.getUint32(p + 8, true) === 0x1a2b3c4d;
      linktypes.length = 0;
    }
    const len = dv.getUint32(p + 4, le);
    if (len < 12 || p + len > b.length) return `pcapng block at offset ${p} has a bad length ${len}`;
    if (type === 1) linktypes.push(dv.getUint16(p + 8, le));
    else if (type === 6) {
      const iface = dv.getUint32(p + 8, le);
      const caplen = dv.getUint32(p + 20, le);
      if (28 + caplen <= len) parseFrame(b.subarray(p + 28, p + 28 + caplen), linktypes[iface] ?? 1, out);
    } else if (type === 3) {
      parseFrame(b.subarray(p + 12, p + len - 4), linktypes[0] ?? 1, out);
    }
    p += len;
  }
  return null;
}

function parseFrame(f: Uint8Array, linktype: number, out: Segment[]): void {
  let p: number;
  let ethertype = -1;
  switch (linktype) {
    case 1: {
      if (f.length < 14) return;
      ethertype = (f[12]! << 8) | f[13]!;
      p = 14;
      while ((ethertype === 0x8100 || ethertype === 0x88a8) && p + 4 <= f.length) {
        ethertype = (f[p + 2]! << 8) | f[p + 3]!;
        p += 4;
      }
      break;
    }
    case 0:
      p = 4;
      break;
    case 113:
      if (f.length < 16) return;
      ethertype = (f[14]! << 8) | f[15]!;
      p = 16;
      break;
    case 276:
      if (f.length < 20) return;
      ethertype = (f[0]! << 8) | f[1]!;
      p = 20;
      break;
    default:
      p = 0; // raw IP (101, 228, 229, 12)
  }
  if (ethertype !== -1 && ethertype !== 0x0800 && ethertype !== 0x86dd) return;
  parseIp(f.subarray(p), out);
}

function ipText(b: Uint8Array, at: number, v6: boolean): string {
  if (!v6) return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
  const g: string[] = [];
  for (let i = 0; i < 8; i++) g.push((((b[at + i * 2] ?? 0) << 8) | (b[at + i * 2 + 1] ?? 0)).toString(16));
  return `[${g.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}]`;
}

function parseIp(ip: Uint8Array, out: Segment[]): void {
  if (ip.length < 20) return;
  const version = ip[0]! >> 4;
  let p: number;
  let proto: number;
  let end: number;
  let src: string;
  let dst: string;
  if (version === 4) {
    p = (ip[0]! & 0x0f) * 4;
    proto = ip[9]!;
    end = Math.min(ip.length, (ip[2]! << 8) | ip[3]!);
    if ((((ip[6]! & 0x1f) << 8) | ip[7]!) !== 0) return; // a non-first fragment
    src = ipText(ip, 12, false);
    dst = ipText(ip, 16, false);
  } else if (version === 6 && ip.length >= 40) {
    p = 40;
    proto = ip[6]!;
    end = Math.min(ip.length, 40 + ((ip[4]! << 8) | ip[5]!));
    src = ipText(ip, 8, true);
    dst = ipText(ip, 24, true);
  } else return;
  if (proto !== 6 || p + 20 > end) return;
  const tcp = ip.subarray(p, end);
  const srcPort = (tcp[0]! << 8) | tcp[1]!;
  const dstPort = (tcp[2]! << 8) | tcp[3]!;
  const seq = ((tcp[4]! << 24) | (tcp[5]! << 16) | (tcp[6]! << 8) | tcp[7]!) >>> 0;
  const dataOffset = (tcp[12]! >> 4) * 4;
  const syn = (tcp[13]! & 0x02) !== 0;
  out.push({ id: `${src}:${srcPort} > ${dst}:${dstPort}`, srcPort, dstPort, seq, syn, payload: tcp.subarray(dataOffset) });
}

function reassemble(segments: Segment[]): TcpFlow[] {
  const flows = new Map<string, { flow: TcpFlow; chunks: Uint8Array[]; next: number | null; size: number }>();
  for (const s of segments) {
    let f = flows.get(s.id);
    if (f === undefined) {
      f = { flow: { id: s.id, srcPort: s.srcPort, dstPort: s.dstPort, bytes: new Uint8Array(0), gap: false }, chunks: [], next: null, size: 0 };
      flows.set(s.id, f);
    }
    if (s.syn) {
      f.next = (s.seq + 1) >>> 0;
      continue;
    }
    if (s.payload.length === 0 || f.flow.gap) continue;
    if (f.next === null) f.next = s.seq;
    const delta = (s.seq - f.next) | 0; // wrap-safe difference
    if (delta > 0) {
      f.flow.gap = true; // a lost segment: stop here
      continue;
    }
    const skip = -delta;
    if (skip >= s.payload.length) continue; // retransmission
    const data = s.payload.subarray(skip);
    f.chunks.push(data);
    f.size += data.length;
    f.next = (f.next + data.length) >>> 0;
  }
  return [...flows.values()]
    .filter((f) => f.size > 0)
    .map((f) => {
      const bytes = new Uint8Array(f.size);
      let at = 0;
      for (const c of f.chunks) {
        bytes.set(c, at);
        at += c.length;
      }
      return { ...f.flow, bytes };
    });
}
