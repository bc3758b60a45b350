import { sessionKey, DEFAULT_STATISTICS_TIMER } from '../config/device-config.js';
import type { BmpSessionId, DeviceConfig } from '../config/device-config.js';
import type { BgpInstance, BgpInstanceEvents } from '../bgp/bgp-instance.js';
import { BmpClientSession } from './bmp-session.js';
import type { BmpSessionStatus } from './bmp-session.js';
import { planFeeds } from './feeds.js';
import type { MonitorView } from './session-stream.js';
import type { Clock, Dialer } from './transport.js';

export interface SpeakerDeps {
  dialer: Dialer;
  clock: Clock;
  bgp: BgpInstance;
  changed(status: BmpSessionStatus): void;
  removed(key: string): void;
}

/**
 * The device's BMP side: one client session per configured `bmp-session`,
 * kept in step with the running configuration, each told of every BGP event
 * it monitors. Sessions with the same monitoring get the same stream (seed:
 * "the BMP sends data to multiple monitoring servers at the same time").
 */
export class BmpSpeaker {
  private readonly sessions = new Map<string, BmpClientSession>();
  private sysname = '';
  private readonly view: MonitorView;

  constructor(private readonly deps: SpeakerDeps) {
    const bgp = deps.bgp;
    this.view = {
      sysName: () => this.sysname,
      local: () => (bgp.localAsn === null ? null : { asn: bgp.localAsn, bgpId: bgp.bgpId }),
      peer: (address) => bgp.peerStatus(address),
      table: (rib, peer, stage, family) => bgp.table(rib, peer, stage, family),
      counters: (peer) => bgp.peerStatus(peer)?.counters ?? null,
      now: () => deps.clock.now(),
    };
  }

  /** BGP events, fanned out to every session (each keeps only what it monitors). */
  readonly bgpEvents: Omit<BgpInstanceEvents, 'peerStateChanged'> = {
    peerUp: (peer) => this.each((s) => s.live((st) => st.peerUp(peer.address))),
    peerDown: (peer, cause) => this.each((s) => s.live((st) => st.peerDown(peer.address, cause))),
    ribChanged: (change) => this.each((s) => s.live((st) => st.ribChanged(change))),
    ribEnd: (rib, peer, family) => this.each((s) => s.live((st) => st.ribEnd(rib, peer, family))),
  };

  /** Bring sessions in line with a newly committed running configuration. */
  apply(config: DeviceConfig): void {
    this.sysname = config.sysname;
    const statisticsTimer = config.bmp?.statisticsTimer ?? DEFAULT_STATISTICS_TIMER;
    const bmpSource = ipv4Source(config.bmp?.connectInterface);
    const wanted = new Map((config.bmp?.sessions ?? []).map((s) => [sessionKey(s), s]));
    for (const [key, session] of this.sessions) {
      if (!wanted.has(key)) {
        session.stop();
        this.sessions.delete(key);
        this.deps.removed(key);
      }
    }
    for (const [key, cfg] of wanted) {
      let session = this.sessions.get(key);
      const feeds = planFeeds(cfg, config.bgp);
      if (!session) {
        const id: BmpSessionId = { address: cfg.address, vpnInstance: cfg.vpnInstance, alias: cfg.alias };
        session = new BmpClientSession(id, cfg.port, statisticsTimer, {
          dialer: this.deps.dialer,
          clock: this.deps.clock,
          view: this.view,
          changed: (status) => this.deps.changed(status),
        });
        this.sessions.set(key, session);
        session.setSource(ipv4Source(cfg.connectInterface) ?? bmpSource);
        session.setFeeds(feeds);
        session.start();
        continue;
      }
      // The BMP view's connect-interface re-establishes every session without a source of its own (docs/vrp-behaviour.md §2.3).
      const ownSource = ipv4Source(cfg.connectInterface);
      if (session.setSource(ownSource ?? bmpSource) && ownSource === null) this.reset([key]);
      session.setStatisticsTimer(statisticsTimer);
      session.setFeeds(feeds);
      if (session.snapshot().port !== cfg.port) session.setPort(cfg.port);
    }
  }

  statuses(): BmpSessionStatus[] {
    return [...this.sessions.values()].map((s) => s.snapshot());
  }

  /** `reset bmp session`: drop the connection (with Termination) and dial again. */
  reset(keys: readonly string[] | 'all'): number {
    const targets = keys === 'all' ? [...this.sessions.values()] : keys.flatMap((k) => this.sessions.get(k) ?? []);
    for (const s of targets) {
      s.stop();
      s.start();
    }
    return targets.length;
  }

  /** Device shutdown: every session sends Termination and closes. */
  stopAll(): void {
    for (const s of this.sessions.values()) s.stop();
  }

  private each(f: (s: BmpClientSession) => void): void {
    for (const s of this.sessions.values()) f(s);
  }
}

/** The IPv4 address of a `connect-interface` value (an interface name gives none in the lab). */
function ipv4Source(value: string | undefined): string | null {
  const m = value ? /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value) : null;
  return m ? m[1]! : null;
}
