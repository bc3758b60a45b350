import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The helper thread holds a handle to every buffer it touched, in its own
// heap; were that heap never collected (nothing else allocates there), the
// memory of a table's old arrays would stay taken after the table let go of
// them. Checked in a plain Node process of its own, as the server runs it
// (the built module: `npm test` builds before it runs the tests), with a
// fresh helper: take a 64 MiB array, drop it, collect this process's heap.

const built = fileURLToPath(new URL('../dist/node/index.js', import.meta.url));

const SCENARIO = `
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
const { prefaultedTableMemory } = await import(process.argv[1]);
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc');
const held = () => process.memoryUsage().arrayBuffers;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
collect();
const before = held();
async function useOne() {
  const prepared = prefaultedTableMemory().prepare(16 << 20);
  let array = null;
  for (let i = 0; i < 1000 && array === null; i++) {
    array = prepared.take();
    if (array === null) await pause(10);
  }
  if (array === null) throw new Error('the helper never made the array ready');
  array[0] = 1;
  return held();
}
const taken = await useOne();
let after = held();
for (let i = 0; i < 20 && after - before > 32 << 20; i++) {
  await pause(50);
  collect();
  after = held();
}
console.log(JSON.stringify({ before, taken, after }));
`;

describe('prefaultedTableMemory', () => {
  it.runIf(existsSync(built))('lets an array’s memory go once the table lets go of it: the helper keeps no hold on it', () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', SCENARIO, built], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    const { before, taken, after } = JSON.parse(run.stdout.trim()) as { before: number; taken: number; after: number };
    expect(taken - before).toBeGreaterThanOrEqual(63 << 20);
    expect(after - before).toBeLessThan(32 << 20);
  });
});
