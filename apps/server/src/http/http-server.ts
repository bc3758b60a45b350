import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { PROTOCOL_VERSION, WS_PATH } from '@bmp-lab/protocol';
import type { Lab } from '../lab/lab.js';
import type { WsGateway } from '../transport/ws-gateway.js';
import { staticFiles } from './static-files.js';
import { writePcap } from '../station/pcap-writer.js';
import { toSessionView } from '../lab/session-view.js';

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
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/api/sessions') return json(200, lab.device.bmpSessions().map(toSessionView));
    if (url.pathname === '/api/station/messages') return json(200, lab.log.recent());
    if (url.pathname === '/api/station/routers') return json(200, lab.recorder.routers());
    if (url.pathname === '/api/pcap') {
      // The BMP stream one station connection received, as a pcap Wireshark decodes (`-d tcp.port==PORT,bmp`).
      const id = url.searchParams.get('connection') ?? '';
      const stream = lab.recorder.pcap(id);
      if (!stream) return json(404, { error: `no station connection "${id}"; see GET /api/station/routers` });
      const name = id.replace(/[^0-9A-Za-z.]+/g, '_');
      res.writeHead(200, { 'content-type': 'application/vnd.tcpdump.pcap', 'content-disposition': `attachment; filename="bmp-${name}.pcap"` });
      res.end(Buffer.from(writePcap(stream)));
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
