import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS, renderCommandDocs } from '@bmp-lab/router';

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../COMMANDS.md');

describe('COMMANDS.md', () => {
  it('matches the command declarations (regenerate: node packages/router/scripts/gen-command-docs.mjs)', () => {
    const expected = renderCommandDocs(COMMANDS);
    if (process.env['UPDATE']) writeFileSync(FILE, expected);
    expect(existsSync(FILE), 'COMMANDS.md is missing').toBe(true);
    expect(readFileSync(FILE, 'utf8')).toBe(expected);
  });
});
