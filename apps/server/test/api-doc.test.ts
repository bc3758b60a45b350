import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ROUTES } from '../src/http/http-server.js';
import { readConfig } from '../src/config.js';

/** apps/server/API.md against the code: every registered route and every environment variable is documented. */
const doc = readFileSync(new URL('../API.md', import.meta.url), 'utf8');

describe('API.md', () => {
  it('documents every route the server registers', () => {
    const documented = new Set([...doc.matchAll(/`(GET|POST|DELETE|PUT|PATCH) (\/[^`?\s]*)/g)].map((m) => `${m[1]} ${m[2]}`));
    const missing = ROUTES.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '<$1>')}`).filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
    // …and documents no route that does not exist.
    const registered = new Set(ROUTES.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '<$1>')}`));
    expect([...documented].filter((d) => d.startsWith('GET /api') || d.startsWith('POST') || d.startsWith('DELETE')).filter((d) => !registered.has(d))).toEqual([]);
  });

  it('documents every environment variable the server reads', () => {
    const source = readFileSync(new URL('../src/config.ts', import.meta.url), 'utf8');
    const vars = new Set([...source.matchAll(/env\['([A-Z_]+)'\]/g)].map((m) => m[1]!));
    expect(vars.size).toBeGreaterThan(5);
    for (const v of vars) expect(doc, v).toContain(`| \`${v}\` |`);
    expect(readConfig({}).dataDir).toBeNull();
  });

  it('links the WebSocket protocol', () => {
    expect(doc).toContain('packages/protocol/README.md');
  });
});
