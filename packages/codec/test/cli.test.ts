import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBmpMessage, fromHex } from '../src/index.js';
import { isCapture, tcpFlowsFromCapture } from '../src/node/capture.js';
import { decodeStream, jsonReplacer } from '../src/node/decode-stream.js';
import { concat } from './helpers.js';
import { streamToPcap } from './pcap.js';
import { allBmpMessages } from './samples.js';

const sample = fromHex(readFileSync(new URL('./fixtures/harness-sample/stream.hex', import.meta.url), 'utf8'));
const ours = concat(...allBmpMessages.map((m) => encodeBmpMessage(m)));

describe('decodeStream', () => {
  it('decodes every message of a clean stream with stream offsets', () => {
    const r = decodeStream(sample);
    expect(r.failed).toBe(false);
    expect(r.records).toHaveLength(14);
    expect(r.records[1]).toMatchObject({ type: 'peer-up', offset: 96, length: 170 });
  });

  it('a stream cut inside a message: prints what decoded, then an error at the message start', () => {
    const r = decodeStream(sample.subarray(0, 200));
    expect(r.failed).toBe(true);
    expect(r.records.map((x) => x.type)).toEqual(['initiation', 'error']);
    expect(r.records[1]).toMatchObject({ code: 'BMP_TRUNCATED', offset: 96 });
  });

  it('a message that does not decode reports its stream offset and decoding goes on', () => {
    const bad = sample.slice();
    bad[96 + 6] = 9; // peer type 9 in the first Peer Up
    const r = decodeStream(bad);
    expect(r.failed).toBe(true);
    expect(r.records[1]).toEqual({ type: 'error', offset: 102, code: 'BMP_BAD_PEER_TYPE', field: 'per-peer header.peer type', message: expect.any(String) });
    expect(r.records).toHaveLength(14);
  });

  it('a framing error stops the stream', () => {
    const bad = concat(sample.subarray(0, 96), Uint8Array.of(1, 2, 3, 4, 5, 6, 7), sample.subarray(96));
    const r = decodeStream(bad);
    expect(r.records.map((x) => x.type)).toEqual(['initiation', 'error']);
    expect(r.records[1]).toMatchObject({ code: 'BMP_BAD_VERSION', offset: 96 });
  });

  it('JSON: bytes as hex, bigint gauges as numbers or strings', () => {
    expect(JSON.stringify({ a: Uint8Array.of(1, 255), b: 5n, c: 2n ** 63n }, jsonReplacer)).toBe('{"a":"01ff","b":5,"c":"9223372036854775808"}');
  });
});

describe('capture reader', () => {
  it('reassembles a TCP stream split into segments of varied sizes from a pcap', () => {
    const pcap = streamToPcap(ours, 11019, (i) => [5, 700, 33][i % 3] as number);
    expect(isCapture(pcap)).toBe(true);
    expect(isCapture(ours)).toBe(false);
    const flows = tcpFlowsFromCapture(pcap);
    if (typeof flows === 'string') throw new Error(flows);
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({ dstPort: 11019, gap: false });
    expect(flows[0]?.bytes).toEqual(ours);
  });
});

describe('bmp-decode CLI (built with tsconfig.node.json)', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const cli = join(root, 'packages/codec/dist/node/bmp-decode.js');
  let dir = '';
  beforeAll(() => {
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-b', 'packages/codec/tsconfig.node.json'], { cwd: root, stdio: 'pipe' });
    dir = mkdtempSync(join(tmpdir(), 'codec-cli-'));
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const run = (args: string[], input?: Uint8Array) => spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });

  it('raw stream file: one JSON object per message, exit 0', () => {
    const f = join(dir, 'ours.bin');
    writeFileSync(f, ours);
    const r = run([f]);
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(lines.map((l) => l.type)).toEqual(allBmpMessages.map((m) => m.type));
  });

  it('stdin (-) with a truncated stream: decoded messages, then the error, exit 1', () => {
    const r = run(['-'], sample.subarray(0, 1000));
    expect(r.status).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; offset: number; code?: string });
    expect(lines.at(-1)).toMatchObject({ type: 'error', code: 'BMP_TRUNCATED', offset: 973 });
    expect(lines).toHaveLength(9);
    expect(r.stderr).toContain('byte offset 973');
  });

  it('pcap input', () => {
    const f = join(dir, 's.pcap');
    writeFileSync(
      f,
      streamToPcap(sample, 11790, () => 100),
    );
    const r = run(['--port', '11790', f]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(14);
  });

  it('usage error exits 2', () => {
    expect(run([]).status).toBe(2);
    expect(run([join(dir, 'missing.bin')]).status).toBe(2);
  });
});

describe('decodeStream on a huge declared length', () => {
  it('reports truncation instead of allocating the declared size', () => {
    const r = decodeStream(Uint8Array.of(3, 0xff, 0xff, 0xff, 0xff, 0, 1, 2));
    expect(r.records).toEqual([expect.objectContaining({ type: 'error', code: 'BMP_TRUNCATED', offset: 1 })]);
  });
});
