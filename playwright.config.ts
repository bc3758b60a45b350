import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { useRunTempDir } from './packages/test-support/src/run-temp-dir.js';
import { serverNodeArgs } from './packages/tooling/lib/server-node-args.mjs';

// Browser tests of user journeys (apps/e2e/tests) against the *built* server.
// `npm test` builds first, finds a Chromium (BMPLAB_CHROMIUM) and runs this
// inside a loopback-only network namespace; `npx playwright test` alone works
// too once `npm run build` has run.

const port = Number(process.env.BMPLAB_E2E_PORT ?? 18080);
const baseURL = `http://127.0.0.1:${port}`;
const isCI = process.env.CI === 'true' || process.env.CI === '1';

// The run's temporary folders (the server's data, Chromium's profiles, what
// specs make) live in one folder, removed when the run's main process exits:
// after the web server has stopped. The config is evaluated again in each
// worker, which finds the folder in the environment and leaves it alone.
const removeRunTempDir = useRunTempDir('bmplab-e2e-run-');
process.once('exit', removeRunTempDir);
// One fresh data directory per run; the environment variable makes the workers agree with the main process.
process.env.BMPLAB_E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'bmplab-e2e-'));
const dataDir = process.env.BMPLAB_E2E_DATA_DIR;
// The instructor view is on, with a token the specs read from here (apps/e2e/tests/instructor.spec.ts).
process.env.BMPLAB_E2E_INSTRUCTOR_TOKEN ??= 'e2e-instructor-token';
const instructorToken = process.env.BMPLAB_E2E_INSTRUCTOR_TOKEN;

const executablePath = process.env.BMPLAB_CHROMIUM || undefined;

export default defineConfig({
  testDir: 'apps/e2e/tests',
  outputDir: 'test-results',
  fullyParallel: false,
  forbidOnly: isCI,
  retries: 0,
  // The CI machine has 2 cores, and the server plus Chromium already use both.
  ...(isCI ? { workers: 1 } : {}),
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          ...(executablePath ? { executablePath } : {}),
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    // Started as `npm start` starts it (its Node options included).
    command: ['node', ...serverNodeArgs(), 'apps/server/dist/main.js'].join(' '),
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    // Stop it the way Ctrl-C does, so a test run also exercises the clean shutdown.
    gracefulShutdown: { signal: 'SIGINT', timeout: 5_000 },
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      BMPLAB_TIME_SCALE: '10',
      BMPLAB_DATA_DIR: dataDir,
      // SSH on a free port: the browser tests never need a fixed one.
      BMPLAB_SSH_LISTEN: '127.0.0.1:0',
      BMPLAB_INSTRUCTOR_TOKEN: instructorToken,
    },
  },
});
