import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Wireshark's command-line reader, an independent BMP/BGP decoder (Debian package tshark). */
export const TSHARK = '/usr/bin/tshark';

/**
 * A display filter for what Wireshark finds wrong in a capture: malformed packets and expert warnings. Wireshark
 * 4.0's BMP dissector reads the information TLVs a Peer Up may end with (RFC 7854 §4.10; the Loc-RIB's VRF/Table
 * Name, RFC 9069 §5.1) as one more BGP message and flags it malformed, so the Loc-RIB's Peer Up (message type 3,
 * peer type 3) is left out; pmbmpd reads those TLVs. Every other message must decode cleanly.
 */
export const WIRESHARK_PROBLEMS = '(_ws.malformed || _ws.expert.severity >= "Warning") && !(bmp.type == 3 && bmp.peer.type == 3)';

/** Its functions need no `this`: a test destructures them. */
export interface PcapReader {
  /** The pcap file read. */
  file: string;
  /** tshark's output for these arguments over the file, BMP decoded on the station port. */
  tshark: (...args: string[]) => string;
  /** One line per packet matching `filter`: the named fields, tab-separated (empty lines dropped). */
  fields: (filter: string, ...names: string[]) => string[];
  /** tshark's summary of every packet matching WIRESHARK_PROBLEMS: '' when the capture is clean. */
  problems: () => string;
}

/**
 * Read a pcap with tshark, decoding TCP port `bmpPort` as BMP. The bytes are written to a temp file first. A missing
 * tshark fails the test with the install command (CI installs it); it never skips.
 */
export function readPcap(pcap: Uint8Array, bmpPort: number): PcapReader {
  if (!existsSync(TSHARK)) throw new Error(`tshark not found at ${TSHARK}: apt-get install -y tshark (CI installs it; this oracle test must not be skipped)`);
  const file = join(mkdtempSync(join(tmpdir(), 'bmplab-pcap-')), 'session.pcap');
  writeFileSync(file, pcap);
  // A whole session's -V output runs to megabytes.
  const tshark = (...args: string[]) => execFileSync(TSHARK, ['-r', file, '-d', `tcp.port==${bmpPort},bmp`, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const fields = (filter: string, ...names: string[]) =>
    tshark('-Y', filter, '-T', 'fields', ...names.flatMap((n) => ['-e', n]))
      .trim()
      .split('\n')
      .filter(Boolean);
  return { file, tshark, fields, problems: () => tshark('-Y', WIRESHARK_PROBLEMS) };
}
