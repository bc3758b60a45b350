import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '@bmp-lab/router/node';
import { Lab } from '../src/lab/lab.js';
import { DEFAULT_TOPOLOGY } from '../src/lab/topology.js';
import { parseCidr } from '../src/config.js';
import { eventually } from './lab-harness.js';

/**
 * Proof by capture that no packet leaves for a refused address (README "Public contracts").
 * The outer test creates a network namespace of its own with a
 * veth interface `d0` (and its peer `d1`, both inside the namespace; the
 * default route points at d0), starts tshark on d0, and runs the inner test
 * (this file again, BMPLAB_NETNS_INNER=1) in that namespace: a real lab whose
 * BMP session dials 198.51.100.7 and whose BGP peer dials 10.9.9.9, both
 * refused, plus a session to 192.0.2.50 allowed by BMPLAB_ALLOW_CONNECT as the
 * control (its SYNs/ARPs must show up, proving the capture sees what leaves).
 * Never captures on a real interface. Needs root for `unshare -n`.
 */
const INNER = process.env['BMPLAB_NETNS_INNER'] === '1';
const REFUSED = ['198.51.100.7', '10.9.9.9'];
const CONTROL = '192.0.2.50';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const THIS_FILE = path.relative(ROOT, fileURLToPath(import.meta.url));

describe.runIf(!INNER)('no packet leaves for a refused address (capture in a namespace of our own)', () => {
  it('captures on a namespace-only interface: packets to the allowed control, none to refused addresses', () => {
    if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
      throw new Error('this test needs root (unshare -n creates its own network namespace to capture in); run the suite as root, as CI does');
    }
    for (const tool of ['unshare', 'ip', 'tshark']) {
      if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) throw new Error(`this test needs ${tool} on PATH`);
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'bmplab-capture-'));
    try {
      const cap = path.join(dir, 'd0.pcapng');
      // A dummy interface would do, but not every kernel has the module; a veth pair lives in the namespace just as well.
      const script = [
        'set -e',
        'ip link set lo up',
        'ip link add d0 type veth peer name d1',
        'ip addr add 192.0.2.1/24 dev d0',
        'ip link set d1 up',
        'ip link set d0 up',
        'ip route add default dev d0',
        'set +e',
        `tshark -i d0 -w "${cap}" -q 2>"${cap}.log" & T=$!`,
        `i=0; while [ $i -lt 150 ] && ! grep -q Capturing "${cap}.log"; do sleep 0.1; i=$((i+1)); done`,
        '"$@"; rc=$?',
        'sleep 0.5; kill -INT $T; wait $T',
        'exit $rc',
      ].join('\n');
      const vitest = path.join(ROOT, 'node_modules', '.bin', 'vitest');
      const r = spawnSync('unshare', ['-n', 'sh', '-c', script, 'sh', vitest, 'run', THIS_FILE], {
        cwd: ROOT,
        env: { ...process.env, BMPLAB_NETNS_INNER: '1' },
        encoding: 'utf8',
        timeout: 90_000,
      });
      expect(r.status, `inner run failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
      expect(readFileSync(`${cap}.log`, 'utf8')).toContain("Capturing on 'd0'");
      const read = spawnSync('tshark', ['-r', cap, '-T', 'fields', '-e', 'ip.dst', '-e', 'arp.dst.proto_ipv4'], { encoding: 'utf8', timeout: 30_000 });
      expect(read.status, read.stderr).toBe(0);
      const destinations = read.stdout.split(/\s+/).filter(Boolean);
      const count = (a: string) => destinations.filter((d) => d === a).length;
      // The control: the allowed session really sends (ARP for 192.0.2.50, or SYNs) on d0.
      expect(count(CONTROL)).toBeGreaterThan(0);
      for (const a of REFUSED) expect(count(a), `packets to ${a}`).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.runIf(INNER)('inside the capture namespace', () => {
  it('a lab dials the refused addresses on ConnectRetry, and the allowed control', async () => {
    const lab = await Lab.start({
      id: 'capture',
      topology: DEFAULT_TOPOLOGY,
      clock: systemClock(50),
      allowConnect: [parseCidr('192.0.2.0/24')!],
      externalStation: null,
    });
    try {
      const t = lab.device.openTerminal();
      t.open();
      const lines = ['system-view', 'bmp'];
      for (const a of [REFUSED[0]!, CONTROL]) lines.push(`bmp-session ${a}`, 'tcp connect port 1790', 'quit');
      lines.push('quit', 'bgp 100', `peer ${REFUSED[1]!} as-number 200`, 'commit');
      t.input(lines.join('\r') + '\r');
      // Both refused destinations are tried again and again (and refused each time).
      await eventually(() => lab.network.refusals >= 4, 10_000);
      for (const a of [REFUSED[0]!, CONTROL]) expect(lab.device.bmpSessions().find((s) => s.id.address === a)?.state).not.toBe('up');
    } finally {
      await lab.stop();
    }
  }, 30_000);
});
