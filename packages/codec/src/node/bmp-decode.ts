#!/usr/bin/env node
/**
 * bmp:decode — print every BMP message of a raw stream or a pcap/pcapng
 * capture as one JSON object per line.
 *
 *   npm run bmp:decode -- FILE        (FILE `-` reads stdin)
 *   npm run bmp:decode -- --port 11019 capture.pcapng
 *
 * Exit status: 0 all decoded, 1 malformed or truncated input (an error
 * record names the byte offset and the reason), 2 usage or I/O error.
 */
import { readFileSync } from 'node:fs';
import { isCapture, tcpFlowsFromCapture } from './capture.js';
import { decodeStream, jsonReplacer, type DecodeRecord } from './decode-stream.js';

const USAGE = 'usage: bmp-decode [--port N] FILE|-   (raw BMP stream, pcap or pcapng)';

function main(argv: string[]): number {
  let port: number | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--port') port = Number(argv[++i]);
    else if (a === '-h' || a === '--help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else files.push(a);
  }
  if (files.length !== 1 || (port !== undefined && !(port > 0 && port < 65536))) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let input: Uint8Array;
  try {
    input = new Uint8Array(readFileSync(files[0] === '-' ? 0 : (files[0] as string)));
  } catch (e) {
    process.stderr.write(`bmp-decode: cannot read ${files[0]}: ${(e as Error).message}\n`);
    return 2;
  }

  const print = (r: DecodeRecord): void => {
    process.stdout.write(`${JSON.stringify(r, jsonReplacer)}\n`);
    if (r.type === 'error') {
      // A decoded message's type is never 'error', but its record's `type: string` keeps TypeScript from narrowing.
      const e = r as Extract<DecodeRecord, { type: 'error' }>;
      process.stderr.write(`bmp-decode: ${e.code} at byte offset ${e.offset}${e.flow ? ` of ${e.flow}` : ''}: ${e.message}\n`);
    }
  };

  if (!isCapture(input)) {
    const { records, failed } = decodeStream(input);
    records.forEach(print);
    return failed ? 1 : 0;
  }
  const flows = tcpFlowsFromCapture(input);
  if (typeof flows === 'string') {
    process.stderr.write(`bmp-decode: ${flows}\n`);
    return 1;
  }
  // Without --port, take the flows whose first byte is BMP version 3.
  const chosen = flows.filter((f) => (port === undefined ? f.bytes[0] === 3 : f.dstPort === port || f.srcPort === port));
  if (chosen.length === 0) {
    process.stderr.write(`bmp-decode: no BMP TCP stream found in the capture${port === undefined ? ' (try --port N)' : ` on port ${port}`}\n`);
    return 1;
  }
  let failed = false;
  for (const f of chosen) {
    const r = decodeStream(f.bytes, f.id);
    r.records.forEach(print);
    if (f.gap) {
      print({
        type: 'error',
        offset: f.bytes.length,
        code: 'CAPTURE_GAP',
        field: 'tcp',
        message: 'A TCP segment is missing from the capture; decoding of this flow stops here.',
        flow: f.id,
      });
      r.failed = true;
    }
    failed ||= r.failed;
  }
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
