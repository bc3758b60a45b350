import type { BmpMessage } from '@bmp-lab/codec';
import { sessionKey } from '../config/device-config.js';
import type { BmpSessionId, DeviceConfig } from '../config/device-config.js';
import { BmpClientSession } from './bmp-session.js';
import type { BmpSessionStatus } from './bmp-session.js';
import type { Clock, Dialer } from './transport.js';
import { VRP_SYS_DESCR } from './vrp-identity.js';

export interface SpeakerDeps {
  dialer: Dialer;
  clock: Clock;
  changed(status: BmpSessionStatus): void;
  removed(key: string): void;
}

/**
 * The device's BMP side: one client session per configured `bmp-session`,
 * kept in step with the running configuration. Every session gets the same
 * stream (seed: "the BMP sends data to multiple monitoring servers at the same
 * time").
 */
export class BmpSpeaker {
  private readonly sessions = new Map<string, BmpClientSession>();
  private sysname = '';

  constructor(private readonly deps: SpeakerDeps) {}

  /** Bring sessions in line with a newly committed running configuration. */
  apply(config: DeviceConfig): void {
    this.sysname = config.sysname;
    const wanted = new Map((config.bmp?.sessions ?? []).map((s) => [sessionKey(s), s]));
    for (const [key, session] of this.sessions) {
      if (!wanted.has(key)) {
        session.stop();
        this.sessions.delete(key);
        this.deps.removed(key);
      }
    }
    for (const [key, cfg] of wanted) {
      const existing = this.sessions.get(key);
      if (existing) {
        if (existing.snapshot().port !== cfg.port) existing.setPort(cfg.port);
        continue;
      }
      const id: BmpSessionId = { address: cfg.address, vpnInstance: cfg.vpnInstance, alias: cfg.alias };
      const session = new BmpClientSession(id, cfg.port, {
        dialer: this.deps.dialer,
        clock: this.deps.clock,
        greeting: () => this.greeting(),
        changed: (status) => this.deps.changed(status),
      });
      this.sessions.set(key, session);
      session.start();
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

  private greeting(): BmpMessage[] {
    return [
      {
        type: 'initiation',
        tlvs: [
          { type: 'sysDescr', value: VRP_SYS_DESCR },
          { type: 'sysName', value: this.sysname },
        ],
      },
    ];
  }
}
