import { Device, LabNeighbor, BGP_PORT, emptyConfig, sessionKey } from '@bmp-lab/router';
import type { Clock, DeviceConfig } from '@bmp-lab/router';
import { listenStation } from '@bmp-lab/collector/node';
import type { StationListener } from '@bmp-lab/collector/node';
import type { StationEvent } from '@bmp-lab/collector';
import { listenStream } from '@bmp-lab/router/node';
import type { StreamListener } from '@bmp-lab/router/node';
import type { ServerMessage } from '@bmp-lab/protocol';
import { LabNetwork } from './lab-network.js';
import { toSessionView } from './session-view.js';
import type { Topology } from './topology.js';
import type { Cidr } from '../config.js';
import { StationLog } from '../station/station-log.js';
import { StationRecorder, connectionId, peerOf } from '../station/station-recorder.js';
import { ConsoleHub } from '../console/console-hub.js';
import { loginBanner } from '../console/login-banner.js';

export interface LabOptions {
  id: string;
  topology: Topology;
  clock: Clock;
  allowConnect: readonly Cidr[];
  /** Also listen here for external routers (BMPLAB_COLLECTOR_LISTEN). */
  externalStation: { host: string; port: number } | null;
  initialConfig?: DeviceConfig;
}

type Subscriber = (message: ServerMessage) => void;

/**
 * One lab: its router, its BGP neighbors and monitoring stations on real
 * loopback sockets, the lab network between them, its consoles, and the
 * browsers watching it. Everything a viewer sees goes out through
 * `broadcast` as typed server messages.
 */
export class Lab {
  readonly device: Device;
  readonly network: LabNetwork;
  readonly consoles: ConsoleHub;
  readonly log = new StationLog();
  readonly recorder: StationRecorder;
  private readonly subscribers = new Set<Subscriber>();
  private stations: StationListener[] = [];
  private neighbors: { neighbor: LabNeighbor; listener: StreamListener }[] = [];

  private constructor(readonly options: LabOptions) {
    this.network = new LabNetwork(options.allowConnect);
    this.recorder = new StationRecorder((station) => Number(station.slice(station.lastIndexOf(':') + 1)) || 0);
    this.device = new Device({
      dialer: this.network,
      clock: options.clock,
      initial: options.initialConfig ?? emptyConfig(options.topology.router.sysname),
      events: {
        sessionChanged: (s) => this.broadcast({ type: 'session.updated', session: toSessionView(s) }),
        sessionRemoved: (key) => this.broadcast({ type: 'session.removed', key }),
        committed: () => {},
      },
    });
    this.consoles = new ConsoleHub(
      () => this.device.openTerminal(),
      (users) => loginBanner(new Date(options.clock.now()), users),
    );
  }

  static async start(options: LabOptions): Promise<Lab> {
    const lab = new Lab(options);
    try {
      for (const station of options.topology.stations) {
        for (const port of station.ports) {
          const name = `${station.address}:${port}`;
          const listener = await listenStation({ host: '127.0.0.1', port: 0, name, onEvent: (e) => lab.onStationEvent(e) });
          lab.stations.push(listener);
          lab.network.attach(station.address, port, { host: listener.host, port: listener.port });
        }
      }
      for (const spec of options.topology.neighbors) {
        const neighbor = new LabNeighbor(spec, options.clock);
        const listener = await listenStream('127.0.0.1', 0, (c) => neighbor.accept(c));
        lab.neighbors.push({ neighbor, listener });
        lab.network.attach(spec.address, BGP_PORT, { host: listener.host, port: listener.port });
      }
      if (options.externalStation) {
        const { host, port } = options.externalStation;
        lab.stations.push(await listenStation({ host, port, name: `${host}:${port}`, onEvent: (e) => lab.onStationEvent(e) }));
      }
    } catch (e) {
      await lab.stop();
      throw e;
    }
    return lab;
  }

  /** The station endpoints: lab name and the real socket behind it. */
  stationEndpoints(): { name: string; host: string; port: number }[] {
    return this.stations.map((s) => ({ name: s.name, host: s.host, port: s.port }));
  }

  /** The BGP neighbors: lab address and the real socket behind it. */
  neighborEndpoints(): { address: string; asn: number; host: string; port: number }[] {
    return this.neighbors.map((n) => ({ address: n.neighbor.spec.address, asn: n.neighbor.spec.asn, host: n.listener.host, port: n.listener.port }));
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** What a new viewer needs before live updates. */
  snapshot(): ServerMessage[] {
    return [
      { type: 'sessions.snapshot', sessions: this.device.bmpSessions().map(toSessionView) },
      { type: 'station.snapshot', messages: this.log.recent(), routers: this.recorder.routers() },
    ];
  }

  /** Shut down: sessions send Termination, stations and neighbors close, consoles log out. */
  async stop(): Promise<void> {
    this.consoles.closeAll();
    this.device.shutdown();
    // Let the Terminations reach the stations before their sockets close.
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all(this.stations.map((s) => s.close()));
    this.stations = [];
    for (const n of this.neighbors) n.neighbor.stop();
    await Promise.all(this.neighbors.map((n) => n.listener.close()));
    this.neighbors = [];
  }

  private onStationEvent(event: StationEvent): void {
    const view = this.recorder.record(event);
    if (view.sessionKey === null && view.closedAt === null) this.linkSession(view.id, event.router);
    switch (event.kind) {
      case 'message': {
        const entry = this.log.add(
          {
            receivedAt: event.at,
            station: event.station,
            router: event.router,
            connection: view.id,
            type: event.type,
            length: event.length,
            summary: event.summary,
            ...peerOf(event.message),
            sessionKey: view.sessionKey,
          },
          event.bytes,
        );
        this.broadcast({ type: 'station.message', message: entry });
        break;
      }
      case 'error':
        this.broadcast({
          type: 'station.error',
          error: {
            receivedAt: event.at,
            station: event.station,
            router: event.router,
            code: event.error.code,
            message: `${event.error.message} (${event.error.field}, byte ${event.error.offset})`,
          },
        });
        break;
      case 'rejected':
        console.warn(`bmp-lab: station ${event.station} closed the connection from ${event.router}: ${event.reason}`);
        this.broadcast({
          type: 'station.error',
          error: { receivedAt: event.at, station: event.station, router: event.router, code: 'STATION_REJECTED', message: event.reason },
        });
        break;
      default:
        break;
    }
    if (event.kind !== 'message' || view.received[event.type] === 1 || event.type === 'peer-up' || event.type === 'peer-down') {
      this.broadcast({ type: 'station.router', router: view });
    }
  }

  /**
   * Which of the router's sessions opened this station connection: the one
   * whose local port is the connection's remote port. (The station may see
   * the connection before the router has finished its own bookkeeping; the
   * next message tries again.)
   */
  private linkSession(id: string, router: string): void {
    const port = Number(router.slice(router.lastIndexOf(':') + 1));
    const session = this.device.bmpSessions().find((s) => s.state === 'up' && s.localPort === port);
    if (session) this.recorder.link(id, sessionKey(session.id));
  }

  broadcast(message: ServerMessage): void {
    for (const s of this.subscribers) s(message);
  }
}

export { connectionId };
