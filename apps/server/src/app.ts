import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { systemClock } from '@bmp-lab/router/node';
import type { ServerConfig } from './config.js';
import type { Lab } from './lab/lab.js';
import { LabManager } from './lab/lab-manager.js';
import { DEFAULT_TOPOLOGY, loadTopologyFile } from './lab/topology.js';
import { LabStore } from './persistence/store.js';
import { WsGateway } from './transport/ws-gateway.js';
import { createHttpServer } from './http/http-server.js';
import { DEFAULT_RATE_LIMITS } from './security/rate-limit.js';
import { ExerciseService } from './exercises/exercise-service.js';

export interface RunningServer {
  url: string;
  /** The default lab (served at `/`). */
  lab: Lab;
  labs: LabManager;
  store: LabStore;
  /** Stop cleanly: sessions send Termination, sockets close, the store is flushed. */
  close(): Promise<void>;
}

/** The built UI, beside this package in the repository. */
const WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * Start the server: open the store (BMPLAB_DATA_DIR), bring back every stored
 * lab with its running configuration (the default lab first created from its
 * topology file), and serve them over HTTP and WebSocket.
 */
export async function startServer(config: ServerConfig, webRoot = WEB_ROOT): Promise<RunningServer> {
  const defaultTopology = config.topologyFile ? loadTopologyFile(config.topologyFile) : DEFAULT_TOPOLOGY;
  const store = new LabStore(config.dataDir);
  const labs = new LabManager({
    clock: systemClock(config.timeScale),
    allowConnect: config.allowConnect,
    externalStation: config.collectorListen,
    store,
    defaultTopology,
    maxLabs: config.maxLabs,
  });
  try {
    await labs.start();
  } catch (e) {
    await labs.stopAll();
    store.close();
    throw e;
  }
  const gateway = new WsGateway((id) => labs.get(id), { allowedOrigins: config.allowedOrigins ?? [], rateLimits: config.wsRateLimit === false ? null : DEFAULT_RATE_LIMITS });
  labs.onDeleted((id) => gateway.closeLab(id));
  const exercises = new ExerciseService(labs, store, config.timeScale);
  exercises.attachAll();
  gateway.exercises = exercises;
  const server = createHttpServer({ labs, gateway, store, defaultTopology, exercises, instructorToken: config.instructorToken ?? null }, webRoot);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (e) {
    await labs.stopAll();
    store.close();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${config.host}:${port}`,
    lab: labs.default,
    labs,
    store,
    close() {
      closing ??= (async () => {
        gateway.close();
        await labs.stopAll();
        store.close();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      })();
      return closing;
    },
  };
}
