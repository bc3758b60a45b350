import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { serverNodeArgs } from '../lib/server-node-args.mjs';

describe('the server’s Node options', () => {
  it('give V8 one background thread per core but one, at least one and at most Node’s four', () => {
    expect([1, 2, 3, 4, 5, 8, 64].map((cores) => serverNodeArgs(cores))).toEqual([
      ['--v8-pool-size=1'],
      ['--v8-pool-size=1'],
      ['--v8-pool-size=2'],
      ['--v8-pool-size=3'],
      ['--v8-pool-size=4'],
      ['--v8-pool-size=4'],
      ['--v8-pool-size=4'],
    ]);
  });

  it('are options this Node accepts on its command line', () => {
    const out = execFileSync(process.execPath, [...serverNodeArgs(), '-e', 'console.log(JSON.stringify(process.execArgv))'], { encoding: 'utf8' });
    expect(JSON.parse(out).slice(0, -2)).toEqual(serverNodeArgs());
  });
});
