import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_IDS } from '@bmp-lab/protocol';

// A real router from outside the lab: GoBGP reports over BMP to the embedded
// station's external port, 127.0.0.1:11019 (BMPLAB_COLLECTOR_LISTEN's
// default), and the page shows it among the routers reporting, with its
// messages in the inspector.

const GOBGPD = '/usr/bin/gobgpd';
let gobgp: ChildProcess | null = null;
test.afterEach(async () => {
  if (gobgp && gobgp.exitCode === null) {
    gobgp.kill('SIGTERM');
    await Promise.race([new Promise((r) => gobgp!.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
    if (gobgp.exitCode === null) gobgp.kill('SIGKILL');
  }
  gobgp = null;
});

test('GoBGP reporting to 127.0.0.1:11019 appears with its sysName and messages', async ({ page }) => {
  expect(existsSync(GOBGPD), 'gobgpd not found: apt-get install -y gobgpd').toBe(true);
  const dir = mkdtempSync(join(tmpdir(), 'bmplab-e2e-gobgp-'));
  writeFileSync(
    join(dir, 'gobgpd.toml'),
    `[global.config]
  as = 65010
  router-id = "192.0.2.10"
  port = -1
[[bmp-servers]]
  [bmp-servers.config]
    address = "127.0.0.1"
    port = 11019
    statistics-timeout = 15
`,
  );
  gobgp = spawn(GOBGPD, ['-f', join(dir, 'gobgpd.toml'), '--api-hosts=127.0.0.1:50071', '--pprof-disable', '-p'], { stdio: 'ignore' });

  await page.goto('/');
  await page.getByRole('tab', { name: /Routers reporting/ }).click();
  const router = page.getByTestId('router-connection').filter({ hasText: 'GoBGP' });
  await expect(router).toHaveCount(1, { timeout: 20_000 });
  await expect(router).toContainText('127.0.0.1:11019');
  await page.getByRole('tab', { name: /Messages|Inspector|Station/ }).first().click();
  const initiation = page.getByTestId(TEST_IDS.stationMessage).and(page.locator('[data-type="initiation"]')).filter({ hasText: 'GoBGP' });
  await expect(initiation).toHaveCount(1);
});
