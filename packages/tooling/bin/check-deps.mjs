#!/usr/bin/env node
// Dependency-direction check (README "Repository layout"). Usage: node packages/tooling/bin/check-deps.mjs [ROOT]
// Prints `path:line: message` per violation and a summary; exits 1 on any violation.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDeps, formatResult } from '../lib/check-deps.mjs';

const root = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const result = checkDeps({ root });
console.log(formatResult(result));
process.exitCode = result.violations.length > 0 ? 1 : 0;
