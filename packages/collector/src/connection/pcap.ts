import { ipv4ToBytes, isIpv4 } from '@bmp-lab/codec';
import type { Endpoint } from '../endpoint.js';

/**
 * What the station captured of one TCP stream, as received: the message
 * bytes with wall-clock ms, both ends, and when it closed.
 */
export interface PcapStream {
  client: Endpoint;
  server: Endpoint;
  /** What was received, in order, with wall-clock ms: runs of messages that arrived together in one read. */
  chunks: { at: number; bytes: Uint8Array }[];
  /** Close with FIN when the connection ended. */
  closedAt: number | null;
}

/** Bytes of one connection kept for its pcap download. */
export const PCAP_LIMIT_BYTES = 16 * 1024 * 1024;
/** Bytes all captures of one station keep together, open connections and remembered closed ones. */
export const PCAP_STATION_LIMIT_BYTES = 256 * 1024 * 1024;

/** What a station's captures hold together, shared by them: without it, 64 connections of 16 MiB each and 50 closed ones would hold 1.8 GiB. */
export interface CaptureBudget {
  used: number;
  readonly limit: number;
}

/**
 * The received messages of one connection, kept for a pcap up to `limit`
 * bytes (later ones are not captured), and its end.
 */
export class ConnectionCapture {
  readonly stream: PcapStream;
  private captured = 0;

  constructor(
    client: Endpoint,
    server: Endpoint,
    private readonly limit = PCAP_LIMIT_BYTES,
    private readonly budget: CaptureBudget = { used: 0, limit: Infinity },
  ) {
    this.stream = { client, server, chunks: [], closedAt: null };
  }

  add(at: number, bytes: Uint8Array): void {
    if (this.captured + bytes.length > this.limit || this.budget.used + bytes.length > this.budget.limit) return;
    // A message right after the previous one in the same read's buffer extends its entry: a table dump is thousands of
    // messages per read, and an object per message kept for the connection's life made the garbage collector copy
    // them over and over.
    const chunks = this.stream.chunks;
    const last = chunks[chunks.length - 1];
    if (last !== undefined && last.bytes.buffer === bytes.buffer && last.bytes.byteOffset + last.bytes.byteLength === bytes.byteOffset) {
      last.bytes = new Uint8Array(bytes.buffer, last.bytes.byteOffset, last.bytes.byteLength + bytes.byteLength);
    } else chunks.push({ at, bytes });
    this.captured += bytes.length;
    this.budget.used += bytes.length;
  }

  /** Its connection is forgotten: what it captured goes back to the budget. */
  release(): void {
    this.budget.used -= this.captured;
    this.captured = 0;
    this.stream.chunks = [];
  }

  close(at: number): void {
    this.stream.closedAt = at;
  }
}

const MSS = 1460;
const LINKTYPE_RAW = 101;

/**
 * A classic pcap file (LINKTYPE_RAW, IPv4/TCP) of one captured TCP stream, so
 * that `tshark -r FILE -d tcp.port==PORT,bmp` and Wireshark decode the BMP.
 * The handshake and segments are synthesized from what the station received;
 * sequence numbers are consistent so TCP reassembly works.
 */
export function writePcap(stream: PcapStream): Uint8Array {
  const records: Uint8Array[] = [globalHeader()];
  const start = stream.chunks[0]?.at ?? Date.now();
  let clientSeq = 1000;
  const serverSeq = 5000;
  const c = stream.client;
  const s = stream.server;
  const SYN = 0x02;
  const ACK = 0x10;
  const PSH = 0x08;
  const FIN = 0x01;
  records.push(record(start, packet(c, s, clientSeq - 1, 0, SYN, new Uint8Array(0))));
  records.push(record(start, packet(s, c, serverSeq - 1, clientSeq, SYN | ACK, new Uint8Array(0))));
  records.push(record(start, packet(c, s, clientSeq, serverSeq, ACK, new Uint8Array(0))));
  for (const chunk of stream.chunks) {
    for (let i = 0; i < chunk.bytes.length; i += MSS) {
      const payload = chunk.bytes.subarray(i, i + MSS);
      records.push(record(chunk.at, packet(c, s, clientSeq, serverSeq, ACK | PSH, payload)));
      clientSeq += payload.length;
    }
  }
  if (stream.closedAt !== null) records.push(record(stream.closedAt, packet(c, s, clientSeq, serverSeq, FIN | ACK, new Uint8Array(0))));
  return concat(records);
}

function globalHeader(): Uint8Array {
  const b = new DataView(new ArrayBuffer(24));
  b.setUint32(0, 0xa1b2c3d4, true); // magic, microsecond timestamps
  b.setUint16(4, 2, true);
  b.setUint16(6, 4, true);
  b.setUint32(16, 65535, true); // snaplen
  b.setUint32(20, LINKTYPE_RAW, true);
  return new Uint8Array(b.buffer);
}

function record(atMs: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, Math.floor(atMs / 1000), true);
  v.setUint32(4, Math.round((atMs % 1000) * 1000), true);
  v.setUint32(8, data.length, true);
  v.setUint32(12, data.length, true);
  out.set(data, 16);
  return out;
}

function packet(from: Endpoint, to: Endpoint, seq: number, ack: number, flags: number, payload: Uint8Array): Uint8Array {
  const ip = new Uint8Array(20 + 20 + payload.length);
  const v = new DataView(ip.buffer);
  v.setUint8(0, 0x45);
  v.setUint16(2, ip.length);
  v.setUint8(8, 64); // TTL
  v.setUint8(9, 6); // TCP
  ip.set(ipv4(from.address), 12);
  ip.set(ipv4(to.address), 16);
  v.setUint16(10, checksum(ip.subarray(0, 20)));
  const tcp = 20;
  v.setUint16(tcp, from.port);
  v.setUint16(tcp + 2, to.port);
  v.setUint32(tcp + 4, seq >>> 0);
  v.setUint32(tcp + 8, ack >>> 0);
  v.setUint8(tcp + 12, 5 << 4);
  v.setUint8(tcp + 13, flags);
  v.setUint16(tcp + 14, 65535);
  ip.set(payload, 40);
  // TCP checksum over the pseudo-header, header and payload (RFC 793).
  const pseudo = new Uint8Array(12 + 20 + payload.length);
  pseudo.set(ip.subarray(12, 20), 0);
  pseudo[9] = 6;
  new DataView(pseudo.buffer).setUint16(10, 20 + payload.length);
  pseudo.set(ip.subarray(20), 12);
  v.setUint16(tcp + 16, checksum(pseudo));
  return ip;
}

/** A socket's address as 4 bytes (an IPv4-mapped IPv6 one unwrapped); 127.0.0.1 for anything else. */
function ipv4(address: string): Uint8Array {
  const v4 = address.replace(/^::ffff:/, '');
  return isIpv4(v4) ? ipv4ToBytes(v4) : Uint8Array.of(127, 0, 0, 1);
}

function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
