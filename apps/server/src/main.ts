import { ConfigError, DEFAULT_SSH_LISTEN, readArgs, readConfig } from './config.js';
import { startServer } from './app.js';
import { TopologyError } from './lab/topology.js';
import { isLoopbackHost, publicBindWarning } from './security/bind.js';
import { configureLog, log } from './log.js';

const USAGE = `usage: npm start -- [--lab FILE] [--public]

  --lab FILE   the default lab's topology (YAML; format: apps/server/labs/README.md)
  --public     allow a HOST that is not loopback (same as BMPLAB_ALLOW_PUBLIC_BIND=1)

Environment: PORT, HOST, BMPLAB_DATA_DIR (default ./data), BMPLAB_TIME_SCALE,
BMPLAB_ALLOW_CONNECT, BMPLAB_COLLECTOR_LISTEN, BMPLAB_MAX_LABS, BMPLAB_ALLOWED_ORIGINS,
BMPLAB_ALLOW_PUBLIC_BIND, BMPLAB_SSH_LISTEN (default ${DEFAULT_SSH_LISTEN}), BMPLAB_SSH_PASSWORD,
BMPLAB_TELNET_LISTEN, BMPLAB_MAX_ROUTES_PER_LAB, BMPLAB_MAX_ROUTES, BMPLAB_MAX_LISTENERS_PER_LAB,
BMPLAB_MAX_LISTENERS, BMPLAB_LOG_LEVEL, BMPLAB_LOG_FORMAT (apps/server/API.md).`;

/** Entry point: read settings, serve the labs, stop cleanly on Ctrl-C or SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    const args = readArgs(process.argv.slice(2));
    if (args.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    // npm start keeps its data in ./data unless told otherwise (BMPLAB_DATA_DIR=off keeps it in memory).
    // …and serves SSH on 127.0.0.1:2222 unless told otherwise (BMPLAB_SSH_LISTEN=off).
    const env = { BMPLAB_DATA_DIR: './data', BMPLAB_SSH_LISTEN: DEFAULT_SSH_LISTEN, ...process.env, ...(args.public ? { BMPLAB_ALLOW_PUBLIC_BIND: '1' } : {}) };
    config = { ...readConfig(env), topologyFile: args.topologyFile };
  } catch (e) {
    if (e instanceof ConfigError) {
      log.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  configureLog({ level: config.logLevel ?? 'info', format: config.logFormat ?? null });
  if (!isLoopbackHost(config.host)) log.warn(publicBindWarning(config.host).replace(/^bmp-lab: /, ''));
  for (const [what, l] of [
    ['SSH', config.sshListen],
    ['Telnet', config.telnetListen],
  ] as const) {
    if (l && !isLoopbackHost(l.host))
      log.warn(`WARNING: ${what} listens on ${l.host}, not loopback: anyone who reaches it and knows BMPLAB_SSH_PASSWORD can type into the labs' consoles.`);
  }
  let server;
  try {
    server = await startServer(config);
  } catch (e) {
    if (e instanceof TopologyError) {
      log.error(`the lab topology is not valid:\n${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const lab = server.lab;
  const stations = lab.stationEndpoints().map((s) => (s.name === `${s.host}:${s.port}` ? s.name : `${s.name} (on ${s.host}:${s.port})`));
  log.info(`serving ${server.url}`);
  log.info(`monitoring stations ${stations.join(', ')}`);
  if (config.topologyFile) log.info(`default lab from ${config.topologyFile}`);
  log.info(
    `${server.labs.size} lab${server.labs.size === 1 ? '' : 's'}; data in ${config.dataDir ?? 'memory (BMPLAB_DATA_DIR=off)'}${server.store.health.ok ? '' : ' (degraded: the storage refuses writes, see above; GET /api/health)'}`,
  );
  if (server.ssh) {
    const { host, port, fingerprint } = server.ssh;
    log.info(
      `SSH on ${host}:${port}: ssh -p ${port} admin@${host} (the default lab; a lab id as user name opens that lab), password ${config.sshPassword} (BMPLAB_SSH_PASSWORD); host key ${fingerprint}`,
    );
  }
  if (server.telnet) log.info(`Telnet on ${server.telnet.host}:${server.telnet.port} (same user names and password)`);
  if (config.timeScale !== 1) log.info(`protocol timers run ${config.timeScale}x faster (BMPLAB_TIME_SCALE)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping (BMP sessions send Termination)`);
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  log.error(`failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
