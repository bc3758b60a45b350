// Find a Chromium for the browser tests: BMPLAB_CHROMIUM, Playwright's own,
// Debian's, or install Debian's with apt-get when running as root.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ROOT, fail, isRoot, ok, run, say, stopIfInterrupted, which } from './process.mjs';

export async function ensureChromium() {
  for (const v of ['BMPLAB_CHROMIUM', 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH']) {
    const p = process.env[v];
    if (!p) continue;
    if (!existsSync(p)) fail(`${v}=${p} does not exist. Point it at a Chromium/Chrome executable or unset it.`);
    say(`chromium: ${p} (from ${v})`);
    return p;
  }
  const own = playwrightChromium();
  if (own) {
    say(`chromium: ${own} (Playwright's)`);
    return own;
  }
  const debian = '/usr/bin/chromium';
  if (existsSync(debian)) {
    say(`chromium: ${debian}`);
    return debian;
  }
  const aptGet = which('apt-get', ['/usr/bin', '/usr/sbin', '/bin', '/sbin']);
  const debianLike = existsSync('/etc/debian_version');
  if (isRoot() && aptGet && debianLike) {
    say('installing Debian chromium (apt-get install -y chromium)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => run(aptGet, ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', 'chromium'], { env });
    let r = await install();
    stopIfInterrupted();
    if (!ok(r)) {
      say('apt-get install failed; running apt-get update and retrying…');
      r = await run(aptGet, ['-o', 'DPkg::Lock::Timeout=600', 'update'], { env });
      stopIfInterrupted();
      if (ok(r)) r = await install();
      stopIfInterrupted();
    }
    if (ok(r) && existsSync(debian)) {
      say(`chromium: ${debian}`);
      return debian;
    }
    fail('apt-get could not install chromium. Install it yourself, or set BMPLAB_CHROMIUM=/path/to/chromium.');
  }
  fail(
    [
      'no Chromium found for the browser tests. Do one of:',
      '  sudo apt-get install chromium            (Debian/Ubuntu; then /usr/bin/chromium is used)',
      "  npx playwright install chromium          (Playwright's own build)",
      '  export BMPLAB_CHROMIUM=/path/to/chrome   (any Chromium or Chrome executable)',
    ].join('\n'),
  );
}

/** Playwright's own installed Chromium, if its executable exists. */
function playwrightChromium() {
  const code = "const { chromium } = await import('@playwright/test');" + 'try { process.stdout.write(chromium.executablePath() ?? ""); } catch { }';
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  const p = r.status === 0 ? r.stdout.trim() : '';
  return p && existsSync(p) ? p : null;
}
