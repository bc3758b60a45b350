// `npm run soak`: the longer fuzz and fault tests, each bounded in time.

import { exitCodeOf, ok, run, stopIfInterrupted, tool } from './process.mjs';
import { ensureDeps } from './install-build.mjs';
import { isolation } from './isolation.mjs';

/**
 * `npm run soak`: longer variants of the fuzz and fault tests, bounded in
 * time (SOAK_MINUTES per step, default 20), inside the loopback-only
 * namespace: 10 M hostile station frames, 10 M codec fuzz iterations, 1 M
 * console lines, a 10-minute flap loop, and two minutes of one lab abused
 * (a 30,000-line paste, sockets that never read, a console.open storm,
 * slow-drip station connections) while another lab is probed.
 */
export async function cmdSoak() {
  await ensureDeps();
  const minutes = Number(process.env.SOAK_MINUTES ?? 20);
  const env = {
    ...process.env,
    STATION_FUZZ_FRAMES: process.env.STATION_FUZZ_FRAMES ?? '10000000',
    FUZZ_ITERATIONS: process.env.FUZZ_ITERATIONS ?? '10000000',
    FUZZ_LINES: process.env.FUZZ_LINES ?? '1000000',
    SOAK_FLAP_SECONDS: process.env.SOAK_FLAP_SECONDS ?? '600',
    NOISY_SECONDS: process.env.NOISY_SECONDS ?? '120',
    NOISY_PASTE_LINES: process.env.NOISY_PASTE_LINES ?? '30000',
  };
  const steps = [
    ['station: hostile frames', 'packages/collector/test/hostile-station.test.ts'],
    ['codec fuzz', 'packages/codec/test/fuzz.test.ts'],
    ['console fuzz', 'packages/router/test/console-fuzz.test.ts'],
    ['flap loop', 'apps/server/test/soak-flap.test.ts'],
    ['noisy neighbor', 'apps/server/test/noisy-neighbor.test.ts'],
  ];
  const results = [];
  for (const [what, file] of steps) {
    console.log(`\n[bmp-lab] ── soak: ${what} (${file})`);
    let argv = [...tool('vitest', 'run', file, `--testTimeout=${minutes * 60_000}`, `--hookTimeout=${minutes * 60_000}`)];
    const prefix = isolation();
    if (prefix) argv = [...prefix, ...argv];
    const t0 = Date.now();
    const r = await run(argv[0], argv.slice(1), { env });
    stopIfInterrupted();
    results.push(`${ok(r) ? '✓' : '✗'} ${what}: ${((Date.now() - t0) / 1000).toFixed(0)} s${ok(r) ? '' : ` (exit ${exitCodeOf(r)})`}`);
  }
  console.log('\n[bmp-lab] ── soak summary');
  for (const l of results) console.log(`  ${l}`);
  const failed = results.filter((l) => l.startsWith('✗')).length;
  console.log(`bmp-lab soak: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
