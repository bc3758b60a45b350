import { sessionKey, DEFAULT_STATISTICS_TIMER, runningBgpVpnInstances } from '../config/device-config.js';
import type { BmpSessionId, DeviceConfig } from '../config/device-config.js';
import type { BgpInstance, BgpInstanceEvents } from '../bgp/bgp-instance.js';
import { BmpClientSession } from './bmp-session.js';
import type { BmpSessionStatus } from './bmp-session.js';
import { planFeeds } from './feeds.js';
import { distinguisherHex } from '../bgp/route-distinguisher.js';
import { ZERO_DISTINGUISHER } from '@bmp-lab/codec';
import { RouteTracer } from './route-trace.js';
import type { TraceView } from './route-trace.js';
import type { MonitorView } from './session-stream.js';
import type { Clock, Dialer } from './transport.js';
import { canonicalAddress } from '../bgp/family.js';

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
  /** Each session's route tracer (its `trace-prefix` lines), by session key. */
  private readonly tracers = new Map<string, RouteTracer>();
  private policies: DeviceConfig['bgp'] = null;
  private readonly traceView: TraceView;
  private sysname = '';
  private readonly view: MonitorView;
  /** Each running BGP VPN instance's RD in wire form (the Peer Distinguisher of its peers), by name. */
  private vpnDistinguishers = new Map<string, string>();

  constructor(private readonly deps: SpeakerDeps) {
    const bgp = deps.bgp;
    this.view = {
      sysName: () => this.sysname,
      local: () => (bgp.localAsn === null ? null : { asn: bgp.localAsn, bgpId: bgp.bgpId }),
      peer: (address, vpn) => bgp.peerStatus(address, vpn),
      table: (rib, peer, stage, family, vpn) => bgp.table(rib, peer, stage, family, vpn),
      counters: (peer, vpn) => bgp.peerStatus(peer, vpn)?.counters ?? null,
      distinguisher: (vpn) => (vpn === null ? ZERO_DISTINGUISHER : (this.vpnDistinguishers.get(vpn) ?? ZERO_DISTINGUISHER)),
      now: () => deps.clock.now(),
    };
    this.traceView = {
      bgpId: () => bgp.bgpId,
      peer: (address) => {
        const s = bgp.peerStatus(address);
        return s ? { asn: s.asn, bgpId: s.established?.peerBgpId ?? '0.0.0.0' } : null;
      },
      policy: (address, direction) => {
        const key = canonicalAddress(address);
        const bound = this.policies?.ipv4Unicast?.peerPolicies?.find((b) => canonicalAddress(b.address) === key)?.[direction];
        return bound?.routePolicy ?? bound?.ipPrefix ?? this.policies?.ipv4Unicast?.filterPolicy?.[direction] ?? null;
      },
      now: () => deps.clock.now(),
    };
  }

  /** BGP events, fanned out to every session (each keeps only what it monitors). */
  readonly bgpEvents: Omit<BgpInstanceEvents, 'peerStateChanged'> = {
    peerUp: (peer) => this.each((s) => s.live((st) => st.peerUp(peer.address, peer.vpnInstance))),
    peerDown: (peer, cause) => this.each((s) => s.live((st) => st.peerDown(peer.address, cause, peer.vpnInstance))),
    ribChanged: (change) => {
      this.each((s) => s.live((st) => st.ribChanged(change)));
      for (const [key, tracer] of this.tracers) {
        // A VPN instance's routes are not the public network's traced prefixes.
        if (tracer.active && change.vpnInstance === undefined) this.sessions.get(key)?.trace(() => tracer.changed(change));
      }
    },
    ribEnd: (rib, peer, family, vpn) => this.each((s) => s.live((st) => st.ribEnd(rib, peer, family, vpn))),
  };

  /** Bring sessions in line with a newly committed running configuration. */
  apply(config: DeviceConfig): void {
    this.sysname = config.sysname;
    const vpns = runningBgpVpnInstances(config);
    this.vpnDistinguishers = new Map(
      vpns.flatMap((v) => {
        const hex = distinguisherHex(v.rd);
        return hex ? [[v.name, hex] as const] : [];
      }),
    );
    this.policies = config.bgp ?? null;
    const statisticsTimer = config.bmp?.statisticsTimer ?? DEFAULT_STATISTICS_TIMER;
    const bmpSource = ipv4Source(config.bmp?.connectInterface);
    const wanted = new Map((config.bmp?.sessions ?? []).map((s) => [sessionKey(s), s]));
    for (const [key, session] of this.sessions) {
      if (!wanted.has(key)) {
        session.stop();
        this.sessions.delete(key);
        this.tracers.delete(key);
        this.deps.removed(key);
      }
    }
    for (const [key, cfg] of wanted) {
      let session = this.sessions.get(key);
      const feeds = planFeeds(
        cfg,
        config.bgp,
        vpns.map((v) => v.name),
      );
      let tracer = this.tracers.get(key);
      if (!tracer) this.tracers.set(key, (tracer = new RouteTracer(this.traceView)));
      // VPN trace-prefix lines are kept but trace nothing: the lab has no VPNv4 routes.
      tracer.setPrefixes(cfg.trace?.ipv4Unicast?.prefixes ?? []);
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
