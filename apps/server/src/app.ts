import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { systemClock } from '@bmp-lab/router/node';
import type { ServerConfig } from './config.js';
import { DEFAULT_SSH_PASSWORD } from './config.js';
import { VtyLinks } from './vty/vty-link.js';
import { LoginGuard } from './vty/login-guard.js';
import { startSshServer } from './vty/ssh-server.js';
import type { RunningSshServer } from './vty/ssh-server.js';
import { startTelnetServer } from './vty/telnet-server.js';
import type { RunningTelnetServer } from './vty/telnet-server.js';
import type { Lab } from './lab/lab.js';
import { LabManager } from './lab/lab-manager.js';
import { DEFAULT_TOPOLOGY, loadTopologyFile } from './lab/topology.js';
import { LabStore } from './persistence/store.js';
import { WsGateway } from './transport/ws-gateway.js';
import { createHttpServer } from './http/http-server.js';
import { DEFAULT_RATE_LIMITS } from './security/rate-limit.js';
import { ExerciseService } from './exercises/exercise-service.js';
import { GuessThrottle } from './security/guess-throttle.js';
import { TraineeNames } from './instructor/trainee-names.js';
import { InstructorFeed } from './instructor/instructor-feed.js';

export interface RunningServer {
  url: string;
  /** The default lab (served at `/`). */
  lab: Lab;
  labs: LabManager;
  store: LabStore;
  /** The SSH server (BMPLAB_SSH_LISTEN): where it listens and its host key's fingerprint; null when off. */
  ssh: { host: string; port: number; fingerprint: string } | null;
  /** The Telnet server (BMPLAB_TELNET_LISTEN); null when off. */
  telnet: { host: string; port: number } | null;
  /** SSH and Telnet users logged in now, on every lab. */
  remoteConsoles(): number;
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
    ...(config.budgets ? { budgets: config.budgets } : {}),
    ...(config.stationBounds ? { stationBounds: config.stationBounds } : {}),
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
  // Trainee names and the instructor's live table (`/ws?instructor=1`); wrong tokens count alike over REST and WebSocket.
  const names = new TraineeNames(store);
  labs.onDeleted((id) => names.forget(id));
  const tokenGuesses = new GuessThrottle();
  const instructorFeed = new InstructorFeed(labs, exercises, names);
  if (config.instructorToken) gateway.instructor = { labs, exercises, feed: instructorFeed, token: config.instructorToken, guesses: tokenGuesses };
  // Consoles over SSH and Telnet: each session a VTY of its lab; a deleted lab's users are disconnected.
  const links = new VtyLinks();
  labs.onDeleted((id) => links.closeLab(id));
  const guard = new LoginGuard(labs, config.sshPassword ?? DEFAULT_SSH_PASSWORD);
  let ssh: RunningSshServer | null = null;
  let telnet: RunningTelnetServer | null = null;
  // Host and cross-site write checks of every HTTP request (http/write-guard.ts, security/host-check.ts).
  const guards = { bindHost: config.host, allowedHosts: config.allowedHosts ?? [], allowedOrigins: config.allowedOrigins ?? [] };
  const server = createHttpServer({ labs, gateway, store, defaultTopology, exercises, instructorToken: config.instructorToken ?? null, tokenGuesses, names, guards }, webRoot);
  try {
    if (config.sshListen) {
      const { host, port } = config.sshListen;
      ssh = await startSshServer({ host, port, dataDir: config.dataDir, labs, links, guard }).catch((e: unknown) => {
        throw new Error(`BMPLAB_SSH_LISTEN=${host}:${port}: ${e instanceof Error ? e.message : String(e)} (set another address, or off)`);
      });
    }
    if (config.telnetListen) {
      const { host, port } = config.telnetListen;
      telnet = await startTelnetServer({ host, port, labs, links, guard }).catch((e: unknown) => {
        throw new Error(`BMPLAB_TELNET_LISTEN=${host}:${port}: ${e instanceof Error ? e.message : String(e)} (set another address, or off)`);
      });
    }
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (e) {
    await ssh?.close();
    await telnet?.close();
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
    ssh: ssh ? { host: ssh.host, port: ssh.port, fingerprint: ssh.fingerprint } : null,
    telnet: telnet ? { host: telnet.host, port: telnet.port } : null,
    remoteConsoles: () => links.size,
    close() {
      closing ??= (async () => {
        gateway.close();
        instructorFeed.close();
        links.closeAll();
        await ssh?.close();
        await telnet?.close();
        await labs.stopAll();
        store.close();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      })();
      return closing;
    },
  };
}
