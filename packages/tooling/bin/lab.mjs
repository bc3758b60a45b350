#!/usr/bin/env node
// BMP Lab bootstrap: `npm start`, `npm test`, `npm run bench`.
//
// Dependency-free on purpose: it runs on a fresh clone before node_modules
// exists, installs dependencies, builds, finds a Chromium, and then runs the
// real thing. Usage:
//
//   node packages/tooling/bin/lab.mjs start [server args...]   e.g. npm start -- --lab FILE
//   node packages/tooling/bin/lab.mjs test [types|test-types|deps|lint|unit|e2e ...] [-- step args]
//   node packages/tooling/bin/lab.mjs bench [name filter]
//   node packages/tooling/bin/lab.mjs soak
//
// Each job lives in ../lib: process (children, signals), install-build,
// chromium, isolation (loopback-only namespace), test-steps, bench, soak.
//
// Environment: BMPLAB_CHROMIUM / PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH (browser
// for the e2e step), BMPLAB_SKIP_INSTALL=1 (never run npm ci / npm install).

import { existsSync } from 'node:fs';
import { Fatal, exitCodeOf, fail, forwardSignals, run, say } from '../lib/process.mjs';
import { SERVER_MAIN, ensureBuild, ensureDeps } from '../lib/install-build.mjs';
import { serverNodeArgs } from '../lib/server-node-args.mjs';
import { cmdTest } from '../lib/test-steps.mjs';
import { cmdBench } from '../lib/bench.mjs';
import { cmdSoak } from '../lib/soak.mjs';

forwardSignals();

async function cmdStart(args) {
  await ensureDeps();
  if (!(await ensureBuild())) fail('cannot start: the build failed (see above).');
  if (!existsSync(SERVER_MAIN)) fail('apps/server/dist/main.js does not exist after the build.');
  const nodeArgs = serverNodeArgs();
  say(`starting: node ${nodeArgs.join(' ')} apps/server/dist/main.js${args.length ? ` ${args.join(' ')}` : ''}`);
  const r = await run(process.execPath, [...nodeArgs, SERVER_MAIN, ...args]);
  process.exit(exitCodeOf(r));
}

const USAGE = `usage: node packages/tooling/bin/lab.mjs <command> [args]
  start [server args...]          install deps and build if needed, then run the server (npm start -- --lab FILE)
  test [types|deps|lint|unit|e2e ...]  install deps, build, find Chromium, run the test steps (npm test -- e2e)
  bench [filter]                  run packages/*/bench/*.bench.mjs and apps/*/bench/*.bench.mjs, then a summary table
  soak                            longer fuzz and fault runs (10 M frames, 10-minute flap loop), bounded in time`;

async function main() {
  const [cmd, ...args] = process.argv.slice(2);
  switch (cmd) {
    case 'start':
      return cmdStart(args);
    case 'test':
      return cmdTest(args);
    case 'bench':
      return cmdBench(args);
    case 'soak':
      return cmdSoak(args);
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE);
      return;
    default:
      console.error(cmd ? `unknown command: ${cmd}\n${USAGE}` : USAGE);
      process.exit(2);
  }
}

main().catch((err) => {
  if (err instanceof Fatal) console.error(`[bmp-lab] error: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
