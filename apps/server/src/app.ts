import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { systemClock } from '@bmp-lab/router/node';
import type { ServerConfig } from './config.js';
import { Lab } from './lab/lab.js';
import { DEFAULT_TOPOLOGY } from './lab/topology.js';
import { WsGateway } from './transport/ws-gateway.js';
import { createHttpServer } from './http/http-server.js';

export interface RunningServer {
  url: string;
  lab: Lab;
  /** Stop cleanly: sessions send Termination, sockets close. */
  close(): Promise<void>;
}

/** The built UI, beside this package in the repository. */
const WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Start the default lab and serve it over HTTP and WebSocket. */
export async function startServer(config: ServerConfig, webRoot = WEB_ROOT): Promise<RunningServer> {
  const lab = await Lab.start({
    id: 'default',
    topology: DEFAULT_TOPOLOGY,
    clock: systemClock(config.timeScale),
    allowConnect: config.allowConnect,
    externalStation: config.collectorListen,
  });
  const gateway = new WsGateway(lab);
  const server = createHttpServer(lab, gateway, webRoot);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (e) {
    await lab.stop();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}`,
    lab,
    async close() {
      gateway.close();
      await lab.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
