import { ConfigError, readConfig } from './config.js';
import { startServer } from './app.js';

/** Entry point: read settings, serve the lab, stop cleanly on Ctrl-C or SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`bmp-lab: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const server = await startServer(config);
  const stations = server.lab.stationEndpoints().map((s) => (s.name === `${s.host}:${s.port}` ? s.name : `${s.name} (on ${s.host}:${s.port})`));
  console.log(`bmp-lab: serving ${server.url}`);
  console.log(`bmp-lab: monitoring stations ${stations.join(', ')}`);
  if (config.timeScale !== 1) console.log(`bmp-lab: protocol timers run ${config.timeScale}x faster (BMPLAB_TIME_SCALE)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`bmp-lab: ${signal}: stopping (BMP sessions send Termination)`);
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error('bmp-lab: failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
