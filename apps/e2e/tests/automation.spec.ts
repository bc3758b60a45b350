import { expect, expectSession, test } from '@bmp-lab/playwright-kit';

// Automation users and browser users share a lab: lines run over the REST CLI
// (`lab.cli`) configure the router the page shows, and the browser's console
// is a VTY of the same router.

test('lines run with lab.cli bring a BMP session Up on the dashboard and in the browser console', async ({ lab, console, page }) => {
  const transcript = await lab.cli(['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit', 'return']);
  expect(transcript).toContain('[*HUAWEI-bmp-session-10.1.1.1]commit\n[~HUAWEI-bmp-session-10.1.1.1]return\n<HUAWEI>');
  await expectSession(page, '10.1.1.1').toBeUp();
  expect(await console.run('display bmp session')).toMatch(/10\.1\.1\.1\s+Up/);
  // The REST CLI's VTY logged out; the browser's own line is the only user, marked +.
  expect(await console.run('display users')).toMatch(/^\+ 129 VTY 0 {3}\d\d:\d\d:\d\d {2}WEB /m);
  const [version] = await lab.cli(['display version'], { json: true });
  expect(version).toEqual({ command: 'display version', output: expect.stringMatching(/^Huawei Versatile Routing Platform Software\n/) });
});
