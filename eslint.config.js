// ESLint: typescript-eslint's type-aware `strictTypeChecked` over every
// workspace's src, test and bench, React's hooks rules for apps/web, and no
// formatting rules (Prettier formats). `npm test -- lint` runs it and `prettier --check`.

import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

/** Test files: outside the build projects, type-checked by tsconfig.tests.json. */
const TESTS = ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.ts', 'apps/*/src/**/*.test.ts', 'apps/server/test/**/*.ts'];

export default tseslint.config(
  {
    ignores: ['**/dist/', '**/dist-types/', '**/node_modules/', 'data/', 'test-results/', 'playwright-report/', '.bmp-lab/', 'run/', '**/fixtures/', '**/*.d.mts'],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // tsserver finds each source file's project: the workspace's tsconfig.json, or through the root's references
        // its tsconfig.node.json (src/node) and apps/e2e's (which holds playwright.config.ts).
        projectService: true,
        tsconfigRootDir: root,
      },
    },
    rules: {
      // Deliberate style: `!` after a bounds or presence check the compiler cannot follow (noUncheckedIndexedAccess is on).
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers in template strings are the norm here (addresses, counts, ports); other non-strings are still reported.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // House style: `return ctx.print(...)` early exits and `(e) => handle(e)` shorthands; its fix splits each into two statements.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Terminal, telnet and VT100 code matches control characters on purpose.
      'no-control-regex': 'off',
      // Patterns for VRP's column-aligned displays keep their spaces as the screen shows them.
      'no-regex-spaces': 'off',
      // Records used as maps (configuration keyed by name) drop entries with `delete`; that is what they are for.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // Wanted, but not yet: most of its 69 reports are variables a callback changes that TypeScript keeps narrowed
      // (console-session, as-path-regex, station-rib, the telnet login) and defensive checks on what ssh2, JSON or the
      // DOM hand over; each needs a look of its own.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // `_`-prefixed names are deliberately unused; `{ drop, ...rest }` omits a key.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests are outside the build projects; tsconfig.tests.json type-checks them (sources through @bmp-lab/source).
    files: [...TESTS, 'vitest.config.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './tsconfig.tests.json', tsconfigRootDir: root } },
  },
  {
    files: [...TESTS, 'apps/e2e/tests/**/*.ts'],
    rules: {
      // Tests read JSON bodies and socket frames as `any` and assert on them with expect(); typing each one adds nothing.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/restrict-plus-operands': ['error', { allowAny: true }],
    },
  },
  {
    // Plain Node scripts (tooling, benches, this file) and Vite's config: no TypeScript project, so no type-aware rules.
    files: ['**/*.mjs', '*.js', 'apps/web/vite.config.ts'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    // Its page.evaluate callbacks run in the browser.
    files: ['apps/web/bench/*.mjs'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      // React Compiler rules (the app does not use the compiler). Wanted later, each report needs a component change:
      // reading a ref during render (the virtual list's measurements, the counters' previous values) and a state
      // reset in an effect when a prop changes (dashboard, topology tab, neighbor panel, console view).
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
      // A warning that the compiler would skip a component using TanStack's virtualizer.
      'react-hooks/incompatible-library': 'off',
    },
  },
  prettier,
);
