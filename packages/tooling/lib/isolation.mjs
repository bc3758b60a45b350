// A loopback-only network namespace for the tests and benches (unshare -n,
// or -rn without root), so nothing they start can reach another address.

import { spawnSync } from 'node:child_process';
import { isRoot, shQuote, warn, which } from './process.mjs';

let isolationPrefix; // undefined: not probed yet; null: none available

/** Prefix that runs a command in a fresh network namespace with only `lo` (up). */
export function isolation() {
  if (isolationPrefix !== undefined) return isolationPrefix;
  isolationPrefix = null;
  const unshare = process.platform === 'linux' ? which('unshare', ['/usr/bin', '/bin']) : null;
  const ip = process.platform === 'linux' ? which('ip', ['/usr/sbin', '/sbin', '/usr/bin', '/bin']) : null;
  if (unshare && ip) {
    const script = `${shQuote(ip)} link set lo up && exec "$@"`;
    const attempts = isRoot() ? [['-n'], ['-rn']] : [['-rn']];
    for (const flags of attempts) {
      const probe = spawnSync(unshare, [...flags, 'sh', '-c', script, 'sh', 'true'], { stdio: 'ignore', timeout: 10_000 });
      if (probe.status === 0) {
        isolationPrefix = [unshare, ...flags, 'sh', '-c', script, 'sh'];
        break;
      }
    }
  }
  if (!isolationPrefix) {
    warn(
      `cannot create a loopback-only network namespace (${!unshare || !ip ? 'unshare or ip not found' : 'unshare -n and unshare -rn both failed'}); ` +
        'running tests WITHOUT network isolation. On Linux, run as root or enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1).',
    );
  }
  return isolationPrefix;
}
