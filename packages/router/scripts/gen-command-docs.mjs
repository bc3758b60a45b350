#!/usr/bin/env node
// Writes packages/router/COMMANDS.md from the command declarations.
// Uses the built package: run `npx tsc -b` first (npm run build does).
// The test packages/router/test/console-command-docs.test.ts fails when the
// committed file is stale.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { COMMANDS, renderCommandDocs } = await import(path.join(here, '..', 'dist', 'index.js'));
const target = path.join(here, '..', 'COMMANDS.md');
writeFileSync(target, renderCommandDocs(COMMANDS));
console.log(`wrote ${path.relative(process.cwd(), target)} (${COMMANDS.length} commands)`);
