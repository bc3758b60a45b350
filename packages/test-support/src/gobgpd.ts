import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild } from './process.js';

/** GoBGP's daemon, an independent BGP speaker and BMP client (Debian package gobgpd). */
export const GOBGPD = '/usr/bin/gobgpd';

/** A BGP neighbor for gobgpd to dial (on loopback). */
export interface GobgpdNeighbor {
  address: string;
  peerAs: number;
  remotePort: number;
  localAddress: string;
}

export interface GobgpdOptions {
  as: number;
  routerId: string;
  /** The BMP station gobgpd reports to, on 127.0.0.1. */
  bmpPort: number;
  /** gobgpd's `route-monitoring-policy` (e.g. "pre-policy"); its default when absent. */
  routeMonitoringPolicy?: string;
  /** Seconds between Statistics Reports; gobgpd's default when absent. */
  statisticsTimeout?: number;
  neighbors?: readonly GobgpdNeighbor[];
  /** gobgpd's gRPC API port on 127.0.0.1; 0 lets the OS pick. */
  apiPort?: number;
}

export interface Gobgpd {
  readonly child: ChildProcess;
  /** Stop it (SIGTERM, SIGKILL after 5 s) and remove its config directory. */
  stop(): Promise<void>;
}

/** gobgpd's TOML configuration: no BGP listener (`port = -1`), one BMP server, the neighbors. */
function gobgpdToml(o: GobgpdOptions): string {
  const lines = ['[global.config]', `  as = ${o.as}`, `  router-id = "${o.routerId}"`, '  port = -1'];
  lines.push('[[bmp-servers]]', '  [bmp-servers.config]', '    address = "127.0.0.1"', `    port = ${o.bmpPort}`);
  if (o.routeMonitoringPolicy !== undefined) lines.push(`    route-monitoring-policy = "${o.routeMonitoringPolicy}"`);
  if (o.statisticsTimeout !== undefined) lines.push(`    statistics-timeout = ${o.statisticsTimeout}`);
  for (const n of o.neighbors ?? []) {
    lines.push(
      '[[neighbors]]',
      '  [neighbors.config]',
      `    neighbor-address = "${n.address}"`,
      `    peer-as = ${n.peerAs}`,
      '  [neighbors.transport.config]',
      `    remote-port = ${n.remotePort}`,
      `    local-address = "${n.localAddress}"`,
      '  [neighbors.timers.config]',
      '    connect-retry = 1',
      '  [[neighbors.afi-safis]]',
      '    [neighbors.afi-safis.config]',
      '      afi-safi-name = "ipv4-unicast"',
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * Start gobgpd with a configuration in a temp dir. A missing gobgpd fails the
 * test with the install command (CI installs it); it never skips.
 */
export function startGobgpd(options: GobgpdOptions): Gobgpd {
  if (!existsSync(GOBGPD)) throw new Error(`gobgpd not found at ${GOBGPD}: apt-get install -y gobgpd`);
  const dir = mkdtempSync(join(tmpdir(), 'bmplab-gobgpd-'));
  const conf = join(dir, 'gobgpd.toml');
  writeFileSync(conf, gobgpdToml(options));
  const child = spawn(GOBGPD, ['-f', conf, `--api-hosts=127.0.0.1:${options.apiPort ?? 0}`, '--pprof-disable', '-p'], { stdio: 'ignore' });
  child.once('error', () => {}); // a failed start shows as the test's missing router, not an unhandled error
  return {
    child,
    async stop() {
      await stopChild(child, 'SIGTERM', 5000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
