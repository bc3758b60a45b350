import { createHash, timingSafeEqual } from 'node:crypto';
import type { Lab } from '../lab/lab.js';
import type { LabRouter } from '../lab/lab-router.js';
import type { LabManager } from '../lab/lab-manager.js';
import { log as rootLog, type Log } from '../log.js';

/** The login name that opens the default lab; any other name must be a lab id. */
export const DEFAULT_LAB_USER = 'admin';

/**
 * The lab and router a login name picks: `admin` or a lab id alone, the
 * lab's first router; `admin.SYSNAME` or `<lab-id>.SYSNAME`, that router
 * (lab ids never hold a dot). Null when either is unknown.
 */
export function loginTarget(labs: Pick<LabManager, 'get' | 'default'>, user: string): { lab: Lab; router: LabRouter } | null {
  const whole = user === DEFAULT_LAB_USER ? labs.default : labs.get(user);
  if (whole) return { lab: whole, router: whole.routers[0]! };
  const dot = user.indexOf('.');
  if (dot <= 0) return null;
  const labName = user.slice(0, dot);
  const lab = labName === DEFAULT_LAB_USER ? labs.default : labs.get(labName);
  const router = lab?.router(user.slice(dot + 1));
  return lab && router ? { lab, router } : null;
}

export interface LoginGuardOptions {
  /** Failed logins one source may make per window before it is refused outright. */
  maxFailures?: number;
  windowMs?: number;
  /** Sources remembered at most (the oldest are forgotten first): bounded memory under a spray. */
  maxSources?: number;
  now?: () => number;
  log?: Log;
}

interface SourceRecord {
  since: number;
  failures: number;
  logged: number;
}

/** Failures logged per source and window before the source is only reported once, when blocked. */
const LOGGED_PER_WINDOW = 5;

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Logins of the SSH and Telnet servers: the name picks the lab (`admin`: the
 * default lab; else a lab id) and, after a dot, the router (loginTarget), the password is BMPLAB_SSH_PASSWORD. A wrong
 * name and a wrong password are the same failure. Failures are logged and
 * counted per source address: past `maxFailures` in a window the source is
 * refused without a check until the window ends.
 */
export class LoginGuard {
  private readonly sources = new Map<string, SourceRecord>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxSources: number;
  private readonly now: () => number;
  private readonly log: Log;
  private readonly password: Buffer;

  constructor(
    private readonly labs: Pick<LabManager, 'get' | 'default'>,
    password: string,
    options: LoginGuardOptions = {},
  ) {
    this.password = digest(password);
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxSources = options.maxSources ?? 10_000;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? rootLog;
  }

  /** The source failed too often lately: refuse it without looking at what it sent. */
  blocked(source: string): boolean {
    const r = this.record(source, false);
    return r !== undefined && r.failures >= this.maxFailures;
  }

  /** The lab and router these credentials open (loginTarget), or null (and the failure is counted and logged). */
  check(source: string, user: string, password: string, via: 'ssh' | 'telnet'): { lab: Lab; router: LabRouter } | null {
    if (this.blocked(source)) return null;
    const target = loginTarget(this.labs, user);
    // Compare the password whatever the name was, so both fail alike.
    const passwordOk = timingSafeEqual(digest(password), this.password);
    if (target && passwordOk) return target;
    this.fail(source, user, via);
    return null;
  }

  private fail(source: string, user: string, via: string): void {
    const r = this.record(source, true)!;
    r.failures++;
    const shown = JSON.stringify(user.length > 64 ? `${user.slice(0, 64)}…` : user);
    if (r.logged < LOGGED_PER_WINDOW) {
      r.logged++;
      this.log.warn(`${via} login refused from ${source} (user ${shown})`);
    } else if (r.failures === this.maxFailures) {
      this.log.warn(`${via} logins from ${source} refused for ${Math.round(this.windowMs / 1000)} s after ${r.failures} failures`);
    }
  }

  private record(source: string, create: boolean): SourceRecord | undefined {
    const t = this.now();
    let r = this.sources.get(source);
    if (r && t - r.since >= this.windowMs) {
      this.sources.delete(source);
      r = undefined;
    }
    if (!r && create) {
      if (this.sources.size >= this.maxSources) {
        const oldest = this.sources.keys().next().value;
        if (oldest !== undefined) this.sources.delete(oldest);
      }
      r = { since: t, failures: 0, logged: 0 };
      this.sources.set(source, r);
    }
    return r;
  }
}
