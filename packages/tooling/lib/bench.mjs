// `npm run bench [filter]`: every packages/*/bench/*.bench.mjs and
// apps/*/bench/*.bench.mjs (or those whose path contains a filter), built and
// loopback-only, then the summary table of their BENCH-RESULT lines.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, exitCodeOf, fail, ok, runCapturing, say, stopIfInterrupted } from './process.mjs';
import { ensureBuild, ensureDeps } from './install-build.mjs';
import { isolation } from './isolation.mjs';
import { formatBenchTable } from './bench-table.mjs';
import { serverNodeArgs } from './server-node-args.mjs';

export async function cmdBench(args) {
  const found = [];
  for (const group of ['packages', 'apps']) {
    let names;
    try {
      names = readdirSync(path.join(ROOT, group)).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const dir = path.join(ROOT, group, name, 'bench');
      let files;
      try {
        files = readdirSync(dir)
          .filter((f) => f.endsWith('.bench.mjs'))
          .sort();
      } catch {
        continue;
      }
      for (const f of files) found.push(path.join(group, name, 'bench', f));
    }
  }
  const selected = args.length ? found.filter((f) => args.some((a) => f.includes(a))) : found;
  if (selected.length === 0) {
    say(found.length ? `no benchmark matches ${args.join(' ')}` : 'no benchmarks (packages/*/bench/*.bench.mjs, apps/*/bench/*.bench.mjs)');
    process.exit(0);
  }
  await ensureDeps();
  if (!(await ensureBuild())) fail('cannot run benchmarks: the build failed (see above).');
  let failed = 0;
  const outputs = [];
  for (const f of selected) {
    console.log(`\n[bmp-lab] ── bench ${f}`);
    // Benches start servers and real daemons (pmbmpd, gobgpd): loopback-only, like the tests. A bench that runs the
    // server in its own process runs with the server's Node options (those spawning it pass them themselves).
    const argv = [...(isolation() ?? []), process.execPath, ...serverNodeArgs(), f];
    const r = await runCapturing(argv[0], argv.slice(1));
    outputs.push(r.stdout);
    stopIfInterrupted();
    if (!ok(r)) {
      failed++;
      say(`✗ ${f} failed (exit ${exitCodeOf(r)})`);
    }
  }
  printBenchTable(outputs.join('\n'));
  console.log(`bmp-lab bench: ${selected.length - failed} ran, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

/** The summary: one row per BENCH-RESULT line, each figure beside its anchor and target. */
export function printBenchTable(text) {
  console.log('\n[bmp-lab] ── bench summary');
  for (const l of formatBenchTable(text)) console.log(l);
}
