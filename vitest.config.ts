import { defineConfig } from 'vitest/config';

// Unit and integration tests of every workspace. Workspace packages resolve to
// their TypeScript sources (the `@bmp-lab/source` export condition), so tests
// never run against a stale build. The run's temporary folders live in one
// folder, removed at its end (packages/test-support/src/run-temp-dir.ts).
export default defineConfig({
  resolve: { conditions: ['@bmp-lab/source'] },
  ssr: { resolve: { conditions: ['@bmp-lab/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/server/test/**/*.test.ts'],
    globalSetup: ['packages/test-support/src/vitest-run-temp-dir.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
