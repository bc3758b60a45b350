import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { PROTOCOL_VERSION, WS_PATH } from '@bmp-lab/protocol';
import type { Lab } from '../lab/lab.js';
import type { WsGateway } from '../transport/ws-gateway.js';
import { staticFiles } from './static-files.js';

/** HTTP: the REST API, the WebSocket upgrade, and the built UI. */
export function createHttpServer(lab: Lab, gateway: WsGateway, webRoot: string): Server {
  const serveStatic = staticFiles(webRoot);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/api/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'ok',
          protocol: PROTOCOL_VERSION,
          lab: lab.options.id,
          stations: lab.stationEndpoints().map((s) => s.name),
        }),
      );
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `no such endpoint: ${req.method} ${url.pathname}` }));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    void serveStatic(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== WS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    gateway.handleUpgrade(req, socket, head);
  });
  return server;
}
