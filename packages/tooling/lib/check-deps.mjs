// Dependency-direction check (README "Repository layout"). Dependency-free: runs before
// node_modules exist. The bin (../bin/check-deps.mjs) is a thin wrapper; the
// self-test (../test/check-deps.test.ts) runs checkDeps() on a fake tree.
//
// Rules
//  1. Workspace edges, both in package.json dependencies and in import
//     specifiers, must be in ALLOWED below. `@bmp-lab/*` names that are not a
//     workspace are errors; so is a workspace folder missing from ALLOWED
//     (add it here on purpose when you add a workspace).
//  2. Nothing imports `apps/*` (no workspace may depend on an app).
//  3. A relative import must not leave its own workspace folder.
//  4. A workspace imported in source must be declared in that workspace's
//     package.json (npm hoisting would otherwise hide the missing edge).
//  5. Pure code: packages/{codec,cli-engine,protocol}/src, and
//     packages/{router,collector}/src outside a `node/` folder, must not import
//     `node:*`, a bare Node builtin (fs, net, ...) or `ws`, nor reference Node
//     types. Test files (*.test.ts) are exempt from this rule.
//  6. tsconfig project references must follow the same edges.
//  7. Test-only packages (TEST_ONLY) may be a devDependency of any workspace
//     and imported from its test code (test/, tests/, *.test.ts) only: never
//     in dependencies or peerDependencies, never from shipped src/ code.

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

/** Allowed workspace edges, by workspace folder name (packages/X, apps/X). */
export const ALLOWED = Object.freeze({
  // apps
  web: ['protocol'],
  server: ['router', 'collector', 'protocol', 'codec', 'exercises'],
  e2e: ['protocol', 'playwright-kit'],
  // packages
  router: ['codec', 'cli-engine'],
  collector: ['codec'],
  protocol: [],
  'playwright-kit': ['protocol'], // Playwright fixtures for users' tests; @playwright/test is a peer dependency
  codec: [],
  'cli-engine': [],
  exercises: [], // exercise data and the pure evaluator; the web gets exercises from the server, never directly
  tooling: [],
  'test-support': ['codec'], // shared test pieces (seeded random, per-peer headers, gobgpd and pmbmpd launchers); see TEST_ONLY
});

/** Workspaces only tests use: any workspace may take them as a devDependency, from test code only (rule 7). */
export const TEST_ONLY = Object.freeze(['test-support']);

/** Folder names under src/ that hold Node adapters (exempt from the purity rule where PURE says 'outside-node'). */
export const ADAPTER_DIRS = Object.freeze(['node']);

/** Packages whose code must stay free of Node I/O (outside ADAPTER_DIRS folders where 'outside-node'). */
export const PURE = Object.freeze({
  codec: 'outside-node', // src/node holds the bmp-decode CLI; the library itself compiles without Node types
  'cli-engine': 'all',
  protocol: 'all',
  exercises: 'all',
  router: 'outside-node',
  collector: 'outside-node',
});

const SCOPE = '@bmp-lab/';
const SOURCE_DIRS = ['src', 'test', 'tests'];
const SOURCE_EXT = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;
const TEST_FILE = /\.test\.[cm]?[tj]sx?$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'dist-types', '.git', 'coverage']);
const NODE_BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const DEP_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

// ---------------------------------------------------------------------------
// Import extraction: a small tokenizer that skips comments, strings, template
// text and regular expressions, so that text *about* imports is not an import.

/**
 * @param {string} src
 * @returns {{ specifier: string, line: number, kind: string }[]}
 */
export function extractImports(src) {
  const toks = tokenize(src);
  /** @type {{ specifier: string, line: number, kind: string }[]} */
  const out = [];
  const isStr = (t) => t !== undefined && t.t === 'str';
  const isP = (t, v) => t !== undefined && t.t === 'p' && t.v === v;
  const isId = (t, v) => t !== undefined && t.t === 'id' && (v === undefined || t.v === v);

  for (let i = 0; i < toks.length; i++) {
    const tk = toks[i];
    if (tk.t !== 'id') continue;
    const prev = toks[i - 1];
    if (isP(prev, '.') || isP(prev, '?.')) continue; // obj.import / obj.require
    const next = toks[i + 1];
    if (tk.v === 'import') {
      if (isP(next, '.')) continue; // import.meta
      if (isP(next, '(')) {
        if (isStr(toks[i + 2])) out.push({ specifier: toks[i + 2].v, line: toks[i + 2].line, kind: 'dynamic-import' });
        continue;
      }
      if (isStr(next)) {
        out.push({ specifier: next.v, line: next.line, kind: 'import' });
        continue;
      }
      const r = scanFrom(toks, i + 1);
      if (r) out.push({ specifier: r.v, line: r.line, kind: 'import' });
    } else if (tk.v === 'export') {
      // export * from 'x' | export { a } from 'x' | export type { A } from 'x' | export * as ns from 'x'
      let j = i + 1;
      if (isId(toks[j], 'type')) j++;
      if (isP(toks[j], '*') || isP(toks[j], '{')) {
        const r = scanFrom(toks, j);
        if (r) out.push({ specifier: r.v, line: r.line, kind: 'export' });
      }
    } else if (tk.v === 'require') {
      if (isP(next, '(') && isStr(toks[i + 2]) && isP(toks[i + 3], ')')) {
        out.push({ specifier: toks[i + 2].v, line: toks[i + 2].line, kind: 'require' });
      }
    }
  }
  // Triple-slash directives live in comments, so read them from the raw text.
  const lines = src.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const m = /^\s*\/\/\/\s*<reference\s+(types|path)\s*=\s*["']([^"']+)["']/.exec(lines[n]);
    if (m) out.push({ specifier: m[2], line: n + 1, kind: m[1] === 'types' ? 'reference-types' : 'reference-path' });
  }
  return out;
}

/** From token index j, find `from '<spec>'` before the statement ends. */
function scanFrom(toks, j) {
  let depth = 0;
  for (let k = j; k < toks.length && k < j + 400; k++) {
    const t = toks[k];
    if (t.t === 'p') {
      if (t.v === '{') depth++;
      else if (t.v === '}') depth--;
      else if (depth === 0 && (t.v === ';' || t.v === '=' || t.v === '(')) return null;
    } else if (t.t === 'str') {
      const f = toks[k - 1];
      return f && f.t === 'id' && f.v === 'from' ? t : null;
    }
  }
  return null;
}

const ID_START = /[A-Za-z_$\u0080-\uffff]/;
const ID_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
// After these keywords a `/` starts a regular expression, not a division.
const REGEX_AFTER_KEYWORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/**
 * Tokens: { t: 'id' | 'str' | 'p' | 'num', v, line }. Template text and
 * regular expressions produce no tokens; `${...}` expressions are tokenized.
 */
export function tokenize(src) {
  /** @type {{ t: string, v: string, line: number }[]} */
  const toks = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  /** Stack of brace depths at which an enclosing template literal resumes. */
  const tmpl = [];
  let braceDepth = 0;

  const regexAllowed = () => {
    const p = toks[toks.length - 1];
    if (!p) return true;
    if (p.t === 'num' || p.t === 'str') return false;
    if (p.t === 'id') return REGEX_AFTER_KEYWORD.has(p.v);
    return !(p.v === ')' || p.v === ']' || p.v === '}');
  };

  /** Skip template text from i (just after ` or after the closing } of ${}). */
  const templateText = () => {
    while (i < n) {
      const c = src[i];
      if (c === '\\') {
        if (src[i + 1] === '\n') line++;
        i += 2;
        continue;
      }
      if (c === '\n') line++;
      if (c === '`') {
        i++;
        return;
      }
      if (c === '$' && src[i + 1] === '{') {
        i += 2;
        tmpl.push(braceDepth);
        braceDepth++;
        return;
      }
      i++;
    }
  };

  while (i < n) {
    const c = src[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      i += 2;
      while (i < n && !(src[i] === '*' && src[i + 1] === '/')) {
        if (src[i] === '\n') line++;
        i++;
      }
      i += 2;
      continue;
    }
    if (c === "'" || c === '"') {
      const startLine = line;
      let v = '';
      i++;
      while (i < n && src[i] !== c && src[i] !== '\n') {
        if (src[i] === '\\') {
          v += src[i + 1] ?? '';
          if (src[i + 1] === '\n') line++;
          i += 2;
          continue;
        }
        v += src[i++];
      }
      if (src[i] === c) i++;
      toks.push({ t: 'str', v, line: startLine });
      continue;
    }
    if (c === '`') {
      i++;
      templateText();
      // A template is an expression operand (for the regex/division decision).
      toks.push({ t: 'str', v: '', line });
      continue;
    }
    if (c === '/' && regexAllowed()) {
      i++;
      let inClass = false;
      while (i < n && src[i] !== '\n') {
        const d = src[i];
        if (d === '\\') {
          i += 2;
          continue;
        }
        if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) {
          i++;
          break;
        }
        i++;
      }
      while (i < n && ID_PART.test(src[i])) i++; // flags
      toks.push({ t: 'num', v: 're', line });
      continue;
    }
    if (ID_START.test(c)) {
      let j = i + 1;
      while (j < n && ID_PART.test(src[j])) j++;
      toks.push({ t: 'id', v: src.slice(i, j), line });
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(src[j])) j++;
      toks.push({ t: 'num', v: src.slice(i, j), line });
      i = j;
      continue;
    }
    if (c === '{') {
      braceDepth++;
      toks.push({ t: 'p', v: c, line });
      i++;
      continue;
    }
    if (c === '}') {
      braceDepth--;
      if (tmpl.length > 0 && tmpl[tmpl.length - 1] === braceDepth) {
        tmpl.pop();
        i++;
        templateText();
        continue;
      }
      toks.push({ t: 'p', v: c, line });
      i++;
      continue;
    }
    if (c === '?' && src[i + 1] === '.' && !/[0-9]/.test(src[i + 2] ?? '')) {
      toks.push({ t: 'p', v: '?.', line });
      i += 2;
      continue;
    }
    toks.push({ t: 'p', v: c, line });
    i++;
  }
  return toks;
}

// ---------------------------------------------------------------------------
// The check.

/**
 * @typedef {{ file: string, line: number, message: string }} Violation
 * @typedef {{ key: string, dir: string, name: string, pkgPath: string, pkg: any, kind: 'apps' | 'packages' }} Workspace
 */

/**
 * Run every rule on the repository at `root`.
 * @param {{ root: string }} opts
 * @returns {{ files: number, violations: Violation[] }}
 */
export function checkDeps({ root }) {
  root = path.resolve(root);
  /** @type {Violation[]} */
  const violations = [];
  const rel = (p) => path.relative(root, p).split(path.sep).join('/');
  const report = (file, line, message) => violations.push({ file: rel(file), line, message });

  const workspaces = discoverWorkspaces(root, report);
  const byName = new Map(workspaces.map((w) => [w.name, w]));
  let files = 0;

  for (const ws of workspaces) {
    const allowed = ALLOWED[ws.key];
    if (allowed === undefined) {
      report(ws.pkgPath, 1, `workspace ${ws.kind}/${ws.key} is not in the dependency table; add it to ALLOWED in packages/tooling/lib/check-deps.mjs`);
    }
    files++; // package.json

    // Rule 1 and 2 on package.json.
    const pkgText = readFileSync(ws.pkgPath, 'utf8');
    /** @type {Set<string>} */
    const declared = new Set();
    for (const field of DEP_FIELDS) {
      const deps = ws.pkg[field];
      if (!deps || typeof deps !== 'object') continue;
      for (const dep of Object.keys(deps)) {
        const target = byName.get(dep);
        if (!target && !dep.startsWith(SCOPE)) continue;
        declared.add(dep);
        const line = lineOf(pkgText, `"${dep}"`);
        if (target && TEST_ONLY.includes(target.key)) {
          if (field !== 'devDependencies') report(ws.pkgPath, line, `${field}: ${dep} is test-only; declare it in devDependencies`);
          continue;
        }
        const msg = edgeProblem(ws, dep, target, allowed);
        if (msg) report(ws.pkgPath, line, `${field}: ${msg}`);
      }
    }

    // tsconfig references (rule 6).
    for (const tsName of safeReaddir(ws.dir).filter((f) => /^tsconfig.*\.json$/.test(f))) {
      const tsPath = path.join(ws.dir, tsName);
      files++;
      const text = readFileSync(tsPath, 'utf8');
      const json = parseJsonc(text);
      if (!json || !Array.isArray(json.references)) continue;
      for (const ref of json.references) {
        if (!ref || typeof ref.path !== 'string') continue;
        const abs = path.resolve(ws.dir, ref.path);
        const target = workspaceOf(abs, workspaces);
        if (target === ws) continue;
        const line = lineOf(text, ref.path);
        if (!target) {
          report(tsPath, line, `project reference "${ref.path}" leaves the workspace folder ${rel(ws.dir)}`);
          continue;
        }
        if (TEST_ONLY.includes(target.key)) {
          if (!ws.pkg.devDependencies?.[target.name]) report(tsPath, line, `project reference to test-only ${target.name} without a devDependency on it`);
          continue;
        }
        const msg = edgeProblem(ws, target.name, target, allowed);
        if (msg) report(tsPath, line, `project reference: ${msg}`);
      }
    }

    // Source files (rules 1-5).
    for (const sub of SOURCE_DIRS) {
      const base = path.join(ws.dir, sub);
      for (const file of walk(base)) {
        files++;
        const src = readFileSync(file, 'utf8');
        const relInWs = path.relative(ws.dir, file).split(path.sep);
        const isTest = TEST_FILE.test(file) || sub !== 'src';
        const pureMode = PURE[ws.key];
        const pure = ws.kind === 'packages' && !isTest && pureMode !== undefined && (pureMode === 'all' || !relInWs.slice(1, -1).some((d) => ADAPTER_DIRS.includes(d)));

        for (const imp of extractImports(src)) {
          const s = imp.specifier;
          if (imp.kind === 'reference-types') {
            if (pure && (s === 'node' || s.startsWith('node/') || s === 'ws')) {
              report(file, imp.line, `/// <reference types="${s}" /> in pure code; Node types belong in a node/ adapter`);
            }
            continue;
          }
          if (s.startsWith('.') || path.isAbsolute(s)) {
            const abs = path.resolve(path.dirname(file), s);
            if (!isInside(abs, ws.dir)) {
              const target = workspaceOf(abs, workspaces);
              const what = target ? `into ${target.kind}/${target.key}; import "${target.name}" instead` : `to ${rel(abs) || '.'}`;
              report(file, imp.line, `relative import "${s}" leaves ${rel(ws.dir)} ${what}`);
            }
            continue;
          }
          if (/^(?:\.\.\/)*apps\//.test(s) || /(?:^|\/)apps\/[^/]+\/(?:src|dist)\b/.test(s)) {
            report(file, imp.line, `"${s}": nothing may import from apps/`);
            continue;
          }
          const pkgName = packageName(s);
          if (pkgName.startsWith(SCOPE) || byName.has(pkgName)) {
            const target = byName.get(pkgName);
            if (target === ws) continue; // self-reference through the package name
            if (target && TEST_ONLY.includes(target.key)) {
              if (!isTest) report(file, imp.line, `${pkgName} is test-only: shipped code (src/, outside *.test.*) must not import it`);
              else if (!ws.pkg.devDependencies?.[pkgName]) report(file, imp.line, `imports ${pkgName} but ${rel(ws.pkgPath)} does not declare it in devDependencies`);
              continue;
            }
            const msg = edgeProblem(ws, pkgName, target, allowed);
            if (msg) report(file, imp.line, msg);
            else if (target && !declared.has(pkgName)) {
              report(file, imp.line, `imports ${pkgName} but ${rel(ws.pkgPath)} does not declare it in dependencies`);
            }
            continue;
          }
          if (pure && isNodeOnly(s)) {
            const where = pureMode === 'all' ? `packages/${ws.key} is pure` : `packages/${ws.key} outside src/**/node/ is pure`;
            report(file, imp.line, `"${s}": ${where} (no Node builtins or ws); move I/O into a node/ adapter`);
          }
        }
      }
    }
  }

  violations.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { files, violations };
}

/** Human-readable problem with an edge ws -> depName, or null if allowed. */
function edgeProblem(ws, depName, target, allowed) {
  if (!target) return `${depName} is not a workspace package`;
  if (target === ws) return null;
  if (target.kind === 'apps') return `${ws.key} -> ${target.key}: nothing may depend on apps/${target.key}`;
  if (allowed === undefined) return null; // already reported for the workspace
  if (!allowed.includes(target.key)) {
    const ok = allowed.length ? allowed.join(', ') : 'no workspace package';
    return `${ws.key} -> ${target.key} is not an allowed dependency (${ws.key} may use: ${ok})`;
  }
  return null;
}

function isNodeOnly(s) {
  if (s.startsWith('node:')) return true;
  if (s === 'ws' || s.startsWith('ws/')) return true;
  const head = s.split('/')[0];
  return NODE_BUILTINS.has(s) || NODE_BUILTINS.has(head);
}

function packageName(s) {
  const parts = s.split('/');
  return s.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function discoverWorkspaces(root, report) {
  /** @type {Workspace[]} */
  const out = [];
  for (const kind of /** @type {const} */ (['packages', 'apps'])) {
    const base = path.join(root, kind);
    for (const key of safeReaddir(base).sort()) {
      const dir = path.join(base, key);
      const pkgPath = path.join(dir, 'package.json');
      if (!existsSync(pkgPath)) continue;
      let pkg;
      try {
        pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
      } catch (e) {
        report(pkgPath, 1, `cannot parse package.json: ${/** @type {Error} */ (e).message}`);
        continue;
      }
      out.push({ key, dir, name: typeof pkg.name === 'string' ? pkg.name : `${kind}/${key}`, pkgPath, pkg, kind });
    }
  }
  return out;
}

function workspaceOf(abs, workspaces) {
  return workspaces.find((w) => isInside(abs, w.dir));
}

function isInside(abs, dir) {
  const r = path.relative(dir, abs);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) yield* walk(p);
    } else if (e.isFile() && SOURCE_EXT.test(e.name) && !e.name.endsWith('.d.ts')) {
      yield p;
    }
  }
}

function safeReaddir(dir) {
  try {
    return statSync(dir).isDirectory() ? readdirSync(dir) : [];
  } catch {
    return [];
  }
}

function lineOf(text, needle) {
  const idx = text.indexOf(needle);
  if (idx < 0) return 1;
  let line = 1;
  for (let k = 0; k < idx; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}

/** Parse JSON with comments and trailing commas (tsconfig). Returns null on failure. */
function parseJsonc(text) {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return null;
  }
}

/**
 * Format a result the way the bin prints it.
 * @param {{ files: number, violations: Violation[] }} result
 */
export function formatResult(result) {
  const lines = result.violations.map((v) => `${v.file}:${v.line}: ${v.message}`);
  const n = result.violations.length;
  lines.push(`check-deps: ${result.files} files, ${n} violation${n === 1 ? '' : 's'}`);
  return lines.join('\n');
}
