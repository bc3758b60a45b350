// `npm test [step...] [-- args]`: the test steps in order, stopping at the
// first failure, and a one-line summary.

import path from 'node:path';
import { exitCodeOf, fail, ok, run, say, stopIfInterrupted, tool } from './process.mjs';
import { ensureBuild, ensureDeps } from './install-build.mjs';
import { ensureChromium } from './chromium.mjs';
import { isolation } from './isolation.mjs';

const STEPS = [
  { name: 'types', what: 'type check', argv: () => tool('tsc', '-b') },
  { name: 'test-types', what: 'type check of the tests', argv: () => tool('tsc', '-p', 'tsconfig.tests.json') },
  { name: 'deps', what: 'dependency direction', argv: () => [process.execPath, path.join('packages', 'tooling', 'bin', 'check-deps.mjs')] },
  { name: 'lint', what: 'ESLint and Prettier', argv: () => [process.execPath, path.join('packages', 'tooling', 'bin', 'lint.mjs')] },
  { name: 'unit', what: 'units + integration', argv: () => tool('vitest', 'run'), isolate: true },
  { name: 'e2e', what: 'browser', argv: () => tool('playwright', 'test'), isolate: true },
];

export async function cmdTest(args) {
  const dash = args.indexOf('--');
  const selectors = dash < 0 ? args : args.slice(0, dash);
  let extra = dash < 0 ? [] : args.slice(dash + 1);
  const names = [];
  for (const a of selectors) {
    if (STEPS.some((s) => s.name === a)) names.push(a);
    else extra = [...extra, a];
  }
  if (extra.length > 0 && names.length !== 1) {
    fail(`unknown test step(s): ${extra.join(' ')}. Steps: ${STEPS.map((s) => s.name).join(', ')} (extra args pass through only when exactly one step is selected).`);
  }
  const steps = names.length ? STEPS.filter((s) => names.includes(s.name)) : STEPS;
  const full = names.length === 0;

  await ensureDeps();
  const env = { ...process.env };
  if (full || names.includes('e2e')) {
    if (!(await ensureBuild())) {
      console.log('bmp-lab: 0 passed, 1 failed');
      process.exit(1);
    }
    env.BMPLAB_CHROMIUM = await ensureChromium();
  }

  let passed = 0;
  let failed = 0;
  for (const [i, step] of steps.entries()) {
    let argv = [...step.argv(), ...extra];
    const prefix = step.isolate ? isolation() : null;
    if (prefix) argv = [...prefix, ...argv];
    const shown = [...step.argv(), ...extra].map((a) =>
      a === process.execPath ? 'node' : path.isAbsolute(a) && a.includes(`${path.sep}node_modules${path.sep}`) ? path.basename(a) : a,
    );
    console.log(`\n[bmp-lab] ── ${i + 1}/${steps.length} ${step.name} (${step.what}): ${shown.join(' ')}${prefix ? '  [loopback-only netns]' : ''}`);
    const t0 = Date.now();
    const r = await run(argv[0], argv.slice(1), { env });
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    stopIfInterrupted();
    if (ok(r)) {
      passed++;
      say(`✓ ${step.name} passed (${secs}s)`);
    } else {
      failed++;
      say(`✗ ${step.name} failed (exit ${exitCodeOf(r)}, ${secs}s)`);
      break;
    }
  }
  console.log(`bmp-lab: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
