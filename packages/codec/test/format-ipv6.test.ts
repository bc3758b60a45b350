import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBmpMessage, formatIpv6, toHex } from '../src/index.js';
import { rm } from './helpers.js';
import { seededRandom } from '@bmp-lab/test-support';

// formatIpv6 and the decoder's IPv6 prefix text against a plain RFC 5952
// formatter written here: lower case, no leading zeros, the first longest run
// of two or more zero groups as `::` (§4), and an IPv4-mapped or
// IPv4-compatible address with its last 32 bits dotted (§5); and against the
// C library's inet_ntop (what pmbmpd writes), through Debian's Python.

function reference(b: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((b[i * 2] as number) << 8) | (b[i * 2 + 1] as number));
  if (groups.slice(0, 5).every((g) => g === 0) && (groups[5] === 0xffff || (groups[5] === 0 && groups[6] !== 0))) {
    return `::${groups[5] === 0xffff ? 'ffff:' : ''}${[...b.subarray(12)].join('.')}`;
  }
  let best = [-1, 0];
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i >= 2 && j - i > best[1]!) best = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (best[0]! < 0) return hex(groups);
  return `${hex(groups.slice(0, best[0]))}::${hex(groups.slice(best[0]! + best[1]!))}`;
}

/** Random bytes, mostly zero groups, so runs of every length and place come up; one in eight IPv4-mapped. */
function randomAddress(next: () => number): Uint8Array {
  const b = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    if (next() < 0.5) continue;
    const g = Math.floor(next() * 0x10000) >>> (Math.floor(next() * 4) * 4);
    b[i * 2] = g >> 8;
    b[i * 2 + 1] = g & 255;
  }
  if (next() < 0.125) b.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]);
  return b;
}

/** Debian's Python, whose socket.inet_ntop is the C library's. */
const PYTHON = '/usr/bin/python3';

describe('formatIpv6', () => {
  it('writes RFC 5952 text for 20,000 random addresses, at any offset', () => {
    const next = seededRandom(5952);
    for (let i = 0; i < 20_000; i++) {
      const b = randomAddress(next);
      const padded = new Uint8Array(20);
      padded.set(b, 3);
      const want = reference(b);
      if (formatIpv6(b) !== want || formatIpv6(padded, 3) !== want) expect.fail(`${toHex(b)}: ${formatIpv6(b)} / ${formatIpv6(padded, 3)}, expected ${want}`);
    }
  });

  it('writes what the C library’s inet_ntop writes (pmbmpd’s text), mapped and compatible addresses included', () => {
    if (!existsSync(PYTHON)) return;
    const next = seededRandom(4291);
    const addresses = Array.from({ length: 2000 }, () => randomAddress(next));
    addresses.push(
      ...[
        '00000000000000000000ffff0a020202',
        '0000000000000000000000000a020202',
        '00000000000000000000000000000001',
        '0000000000000000ffff00000a020202',
        '20010db8000000000000ffff0a020202',
      ].map(hexBytes),
    );
    const run = spawnSync(PYTHON, ['-c', 'import socket,sys\nfor h in sys.stdin.read().split(): print(socket.inet_ntop(socket.AF_INET6, bytes.fromhex(h)))'], {
      input: addresses.map(toHex).join('\n'),
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const theirs = run.stdout.trim().split('\n');
    expect(theirs).toHaveLength(addresses.length);
    const differ = addresses.map((b, i) => [toHex(b), formatIpv6(b), theirs[i]]).filter(([, ours, their]) => ours !== their);
    expect(differ).toEqual([]);
    expect(formatIpv6(hexBytes('00000000000000000000ffff0a020202'))).toBe('::ffff:10.2.2.2');
  });

  it('gives the decoder every MP_REACH_NLRI prefix as address/length, for every length from /0 to /128', () => {
    const next = seededRandom(4760);
    for (let length = 0; length <= 128; length++) {
      const b = randomAddress(next);
      for (let i = 0; i < 16; i++) b[i] = (b[i] as number) & (0xff00 >> Math.max(0, Math.min(8, length - i * 8)));
      const prefix = length.toString(16).padStart(2, '0') + toHex(b.subarray(0, (length + 7) >> 3));
      const value = '000201' + '10' + '20010db8000000000000000000000001' + '00' + prefix;
      const attribute = '800e' + (value.length / 2).toString(16).padStart(2, '0') + value;
      const d = decodeBmpMessage(rm('0000' + (attribute.length / 2).toString(16).padStart(4, '0') + attribute));
      if (!d.ok || d.value.type !== 'route-monitoring') throw new Error(`/${length} does not decode`);
      const mp = d.value.update.pathAttributes.find((a) => a.type === 'mpReachNlri');
      expect(mp?.type === 'mpReachNlri' ? mp.nlri : null, `/${length}`).toEqual([`${reference(b)}/${length}`]);
    }
  });
});

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
}
