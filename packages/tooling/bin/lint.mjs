#!/usr/bin/env node
// The `lint` test step: ESLint (eslint.config.js), then Prettier's check (.prettierrc.json).
// Usage: node packages/tooling/bin/lint.mjs [path...]   (default: the whole repository)
// Exits with the first failing tool's code; `npm run format` rewrites what Prettier reports.
// Prettier keeps a cache of the files it found formatted (node_modules/.cache/prettier, by content).
import { exitCodeOf, ok, run, tool } from '../lib/process.mjs';

const paths = process.argv.slice(2);
const targets = paths.length ? paths : ['.'];
const [eslint, ...eslintArgs] = tool('eslint', ...targets);
const lint = await run(eslint, eslintArgs);
if (!ok(lint)) process.exit(exitCodeOf(lint));
const [prettier, ...prettierArgs] = tool('prettier', '--check', '--log-level', 'warn', '--cache', '--cache-strategy', 'content', ...targets);
const format = await run(prettier, prettierArgs);
if (!ok(format)) {
  console.error('[bmp-lab] prettier: the files above are not formatted; `npm run format` formats them.');
  process.exit(exitCodeOf(format));
}
