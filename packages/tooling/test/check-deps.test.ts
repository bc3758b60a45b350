import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDeps, extractImports, formatResult } from '../lib/check-deps.mjs';

type Tree = Record<string, string>;
const dirs: string[] = [];

function fakeRepo(extra: Tree = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'check-deps-'));
  dirs.push(root);
  const pkg = (name: string, deps: string[] = []) =>
    JSON.stringify({ name: `@bmp-lab/${name}`, dependencies: Object.fromEntries(deps.map((d) => [`@bmp-lab/${d}`, '0.1.0'])) }, null, 2);
  const tree: Tree = {
    'packages/codec/package.json': pkg('codec'),
    'packages/codec/src/index.ts': `export const x = 1;\n`,
    'packages/cli-engine/package.json': pkg('cli-engine'),
    'packages/protocol/package.json': pkg('protocol'),
    'packages/router/package.json': pkg('router', ['codec', 'cli-engine']),
    'packages/router/src/index.ts': `import { x } from '@bmp-lab/codec';\nexport const y = x;\n`,
    'packages/router/src/node/socket.ts': `import net from 'node:net';\nimport { WebSocket } from 'ws';\nexport { net, WebSocket };\n`,
    'packages/collector/package.json': pkg('collector', ['codec']),
    'apps/server/package.json': pkg('server', ['router', 'collector', 'protocol', 'codec']),
    'apps/server/src/main.ts': `import { y } from '@bmp-lab/router';\nimport http from 'node:http';\nexport { y, http };\n`,
    'apps/web/package.json': pkg('web', ['protocol']),
    'apps/e2e/package.json': pkg('e2e', ['protocol']),
    ...extra,
  };
  for (const [rel, text] of Object.entries(tree)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('check-deps', () => {
  it("accepts a tree that follows the README's dependency rule", () => {
    const result = checkDeps({ root: fakeRepo() });
    expect(result.violations).toEqual([]);
    expect(formatResult(result)).toMatch(/^check-deps: \d+ files, 0 violations$/);
  });

  it('reports a forbidden edge in package.json and in an import', () => {
    const root = fakeRepo({
      'packages/codec/package.json': JSON.stringify({ name: '@bmp-lab/codec', dependencies: { '@bmp-lab/router': '0.1.0' } }, null, 2),
      'packages/codec/src/bad.ts': `// a comment\nimport { y } from '@bmp-lab/router';\nexport const z = y;\n`,
    });
    const { violations } = checkDeps({ root });
    expect(violations).toContainEqual(expect.objectContaining({ file: 'packages/codec/package.json', message: expect.stringContaining('codec -> router') }));
    expect(violations).toContainEqual({ file: 'packages/codec/src/bad.ts', line: 2, message: expect.stringContaining('codec -> router') });
  });

  it('reports Node builtins and ws in pure code, but not in node/ adapters or tests', () => {
    const root = fakeRepo({
      'packages/codec/src/io.ts': `import { readFileSync } from 'fs';\nimport type { Socket } from 'node:net';\nexport { readFileSync };\nexport type { Socket };\n`,
      'packages/collector/src/station.ts': `import WebSocket from 'ws';\nexport { WebSocket };\n`,
      'packages/codec/src/io.test.ts': `import { readFileSync } from 'node:fs';\nexport { readFileSync };\n`,
      'packages/codec/src/doc.ts': `/** Usage: import net from 'node:net' */\nexport const s = "require('fs')";\n`,
    });
    const { violations } = checkDeps({ root });
    const where = violations.map((v) => `${v.file}:${v.line}`);
    expect(where).toEqual(['packages/codec/src/io.ts:1', 'packages/codec/src/io.ts:2', 'packages/collector/src/station.ts:1']);
  });

  it('reports relative imports that leave the workspace and imports of apps/', () => {
    const root = fakeRepo({
      'packages/router/src/leak.ts': `export * from '../../codec/src/index.js';\n`,
      'packages/collector/src/app.ts': `import '@bmp-lab/server';\n`,
    });
    const messages = checkDeps({ root }).violations.map((v) => `${v.file}:${v.line}: ${v.message}`);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^packages\/collector\/src\/app\.ts:1: .*apps\/server/);
    expect(messages[1]).toMatch(/^packages\/router\/src\/leak\.ts:1: relative import .* leaves packages\/router/);
  });

  it('reports an undeclared workspace import and an unknown workspace folder', () => {
    const root = fakeRepo({
      'apps/server/package.json': JSON.stringify({ name: '@bmp-lab/server', dependencies: { '@bmp-lab/collector': '0.1.0' } }),
      'packages/mystery/package.json': JSON.stringify({ name: '@bmp-lab/mystery' }),
    });
    const messages = checkDeps({ root }).violations.map((v) => v.message);
    expect(messages).toContainEqual(expect.stringContaining('does not declare it'));
    expect(messages).toContainEqual(expect.stringContaining('packages/mystery is not in the dependency table'));
  });

  it('lets tests, and only tests, use the test-only package, as a devDependency', () => {
    const support = { 'packages/test-support/package.json': JSON.stringify({ name: '@bmp-lab/test-support' }) };
    const ok = fakeRepo({
      ...support,
      'packages/codec/package.json': JSON.stringify({ name: '@bmp-lab/codec', devDependencies: { '@bmp-lab/test-support': '0.1.0' } }),
      'packages/codec/test/fuzz.test.ts': `import { seededRandom } from '@bmp-lab/test-support';\nexport const r = seededRandom(1);\n`,
    });
    expect(checkDeps({ root: ok }).violations).toEqual([]);

    const bad = fakeRepo({
      ...support,
      'packages/codec/package.json': JSON.stringify({ name: '@bmp-lab/codec', dependencies: { '@bmp-lab/test-support': '0.1.0' } }),
      'packages/codec/src/leak.ts': `import { seededRandom } from '@bmp-lab/test-support';\nexport const r = seededRandom(1);\n`,
      'packages/router/test/undeclared.test.ts': `import { seededRandom } from '@bmp-lab/test-support';\nexport const r = seededRandom(1);\n`,
    });
    const { violations } = checkDeps({ root: bad });
    expect(violations).toContainEqual(expect.objectContaining({ file: 'packages/codec/package.json', message: expect.stringContaining('declare it in devDependencies') }));
    expect(violations).toContainEqual({ file: 'packages/codec/src/leak.ts', line: 1, message: expect.stringContaining('test-only') });
    expect(violations).toContainEqual({ file: 'packages/router/test/undeclared.test.ts', line: 1, message: expect.stringContaining('does not declare it in devDependencies') });
  });

  it('extracts import specifiers, not text that looks like one', () => {
    const src = [
      `import a, { b,`,
      `  c } from 'one';`,
      `const s = "import x from 'two'";`,
      `const t = \`\${await import('three')} import y from 'four'\`;`,
      `const r = /import z from 'five'/;`,
      `export * from './six.js';`,
      `const u = import.meta.url;`,
    ].join('\n');
    expect(extractImports(src).map((i) => `${i.line}:${i.specifier}`)).toEqual(['2:one', '4:three', '6:./six.js']);
  });
});
