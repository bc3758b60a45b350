import { expect, test } from '@playwright/test';
import { startGobgpd, type Gobgpd } from '@bmp-lab/test-support';
import { TEST_IDS } from '@bmp-lab/protocol';

// A real router from outside the lab: GoBGP reports over BMP to the embedded
// station's external port, 127.0.0.1:11019 (BMPLAB_COLLECTOR_LISTEN's
// default), and the page shows it among the routers reporting, with its
// messages in the inspector. A run that moves the port (BMPLAB_COLLECTOR_LISTEN
// in the environment the web server inherits, e.g. while 11019 is taken) moves GoBGP with it.

const STATION_PORT = Number(/:(\d+)$/.exec(process.env['BMPLAB_COLLECTOR_LISTEN'] ?? '')?.[1] ?? 11019);

let gobgp: Gobgpd | null = null;
test.afterEach(async () => {
  await gobgp?.stop();
  gobgp = null;
});

test('GoBGP reporting to 127.0.0.1:11019 appears with its sysName and messages', async ({ page }) => {
  gobgp = startGobgpd({ as: 65010, routerId: '192.0.2.10', bmpPort: STATION_PORT, statisticsTimeout: 15, apiPort: 50071 });

  await page.goto('/');
  await page.getByRole('tab', { name: /Routers reporting/ }).click();
  const router = page.getByTestId('router-connection').filter({ hasText: 'GoBGP' });
  await expect(router).toHaveCount(1, { timeout: 20_000 });
  await expect(router).toContainText(`127.0.0.1:${STATION_PORT}`);
  await page
    .getByRole('tab', { name: /Messages|Inspector|Station/ })
    .first()
    .click();
  const initiation = page.getByTestId(TEST_IDS.stationMessage).and(page.locator('[data-type="initiation"]')).filter({ hasText: 'GoBGP' });
  await expect(initiation).toHaveCount(1);
});
