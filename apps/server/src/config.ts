import { ipv4Netmask, ipv4ToNumberAllowingLeadingZeros } from '@bmp-lab/codec';
import { isLoopbackHost } from './security/bind.js';
import { normalizeOrigin } from './security/origin.js';
import { DEFAULT_STATION_BOUNDS } from '@bmp-lab/collector';
import { DEFAULT_BUDGETS } from './lab/budgets.js';
import type { BudgetLimits } from './lab/budgets.js';
import { parseHostName } from './security/host-check.js';
import type { HostName } from './security/host-check.js';
import { LOG_LEVELS } from './log.js';
import type { LogFormat, LogLevel } from './log.js';

/**
 * Server settings from the environment (README, "Public contracts"). A bad value is a
 * clear startup error naming the variable, never a silent default.
 */
export interface ServerConfig {
  host: string;
  port: number;
  /** BMPLAB_TIME_SCALE: protocol timers run this many times faster. */
  timeScale: number;
  /** BMPLAB_ALLOW_CONNECT: CIDRs outside loopback that sessions may dial for real. */
  allowConnect: Cidr[];
  /** BMPLAB_COLLECTOR_LISTEN: where external routers reach the embedded station; null disables. */
  collectorListen: { host: string; port: number } | null;
  /**
   * BMPLAB_DATA_DIR: where the SQLite database lives. Null keeps everything in
   * memory (BMPLAB_DATA_DIR=off, or unset when the server is embedded, e.g. in
   * tests); `main` (npm start) defaults it to ./data.
   */
  dataDir: string | null;
  /** BMPLAB_MAX_LABS: labs one server runs at most, the default lab included. */
  maxLabs: number;
  /**
   * BMPLAB_MAX_ROUTES_PER_LAB, BMPLAB_MAX_ROUTES, BMPLAB_MAX_LISTENERS_PER_LAB,
   * BMPLAB_MAX_LISTENERS: what one lab and all labs together may hold
   * (lab/budgets.ts); absent: the defaults there.
   */
  budgets?: BudgetLimits;
  /**
   * BMPLAB_STATION_MAX_PEERS, BMPLAB_STATION_MAX_PREFIXES,
   * BMPLAB_STATION_MAX_LAB_PREFIXES: what one router connection, and all of a
   * lab's together, may make its station hold (absent: the station's defaults).
   */
  stationBounds?: { maxPeers: number; maxPrefixes: number; maxStationPrefixes: number };
  /** `--lab FILE`: the default lab's topology file (null: labs/default.yaml). */
  topologyFile: string | null;
  /** BMPLAB_INSTRUCTOR_TOKEN: the token of the instructor view (GET /api/instructor/labs); null turns it off. */
  instructorToken?: string | null;
  /** BMPLAB_ALLOWED_ORIGINS: browser origins besides the server's own that may open the WebSocket. */
  allowedOrigins?: string[];
  /**
   * BMPLAB_ALLOWED_HOSTS: `Host` names besides localhost, 127.0.0.1, [::1] and
   * HOST that HTTP requests may carry (a reverse proxy's name); `name` for any
   * port, `name:port` for one. Others are refused against DNS rebinding.
   */
  allowedHosts?: HostName[];
  /** BMPLAB_ALLOW_PUBLIC_BIND=1 (or `--public`): HOST may be an address other than loopback. */
  allowPublicBind?: boolean;
  /** BMPLAB_WS_RATE_LIMIT=off: no per-connection WebSocket rate limits (fuzz tests only). */
  wsRateLimit?: boolean;
  /**
   * BMPLAB_SSH_LISTEN: where the SSH server listens (each session a VTY of a
   * lab); null or absent: no SSH server. Unset, `readConfig` leaves it off (a
   * server embedded in a test); `main` (npm start) defaults it to
   * 127.0.0.1:2222.
   */
  sshListen?: { host: string; port: number } | null;
  /** BMPLAB_SSH_PASSWORD: the password of SSH and Telnet logins. */
  sshPassword?: string;
  /** BMPLAB_TELNET_LISTEN: where the Telnet server listens; null or absent: none (the default). */
  telnetListen?: { host: string; port: number } | null;
  /** BMPLAB_LOG_LEVEL: the lowest level logged (default info). */
  logLevel?: LogLevel;
  /** BMPLAB_LOG_FORMAT: pretty or json; absent: pretty on a terminal, json otherwise. */
  logFormat?: LogFormat | null;
}

/** The SSH and Telnet login password when BMPLAB_SSH_PASSWORD is not set. */
export const DEFAULT_SSH_PASSWORD = 'Huawei@123';
/** Where `npm start` serves SSH when BMPLAB_SSH_LISTEN is not set. */
export const DEFAULT_SSH_LISTEN = '127.0.0.1:2222';

export interface Cidr {
  text: string;
  network: number;
  prefixLength: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Dotted-quad IPv4 as a number; a leading zero is read as decimal, as these settings always have been. */
export function ipv4ToInt(address: string): number | null {
  return ipv4ToNumberAllowingLeadingZeros(address) ?? null;
}

export function parseCidr(text: string): Cidr | null {
  const [addr, len = '32'] = text.trim().split('/');
  const network = ipv4ToInt(addr ?? '');
  const prefixLength = Number(len);
  if (network === null || !/^\d+$/.test(len) || prefixLength > 32) return null;
  return { text: text.trim(), network: (network & ipv4Netmask(prefixLength)) >>> 0, prefixLength };
}

export function cidrContains(cidr: Cidr, address: string): boolean {
  const a = ipv4ToInt(address);
  return a !== null && (a & ipv4Netmask(cidr.prefixLength)) >>> 0 === cidr.network;
}

function parsePort(name: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 0 || n > 65535) throw new ConfigError(`${name}=${value}: not a TCP port (0-65535)`);
  return n;
}

export function readConfig(env: Record<string, string | undefined>): ServerConfig {
  const host = env['HOST'] ?? '127.0.0.1';
  const publicBind = env['BMPLAB_ALLOW_PUBLIC_BIND'] ?? '';
  if (!['', '0', '1'].includes(publicBind)) throw new ConfigError(`BMPLAB_ALLOW_PUBLIC_BIND=${publicBind}: must be 1 (allow) or 0`);
  const allowPublicBind = publicBind === '1';
  if (!isLoopbackHost(host) && !allowPublicBind) {
    throw new ConfigError(
      `HOST=${host} is not a loopback address: every lab, console and station would be reachable from the network, with no login. ` +
        'Set BMPLAB_ALLOW_PUBLIC_BIND=1 (or npm start -- --public) if you mean it.',
    );
  }
  const allowedOrigins = (env['BMPLAB_ALLOWED_ORIGINS'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const origin = normalizeOrigin(s);
      if (!/^https?:\/\//.test(origin)) throw new ConfigError(`BMPLAB_ALLOWED_ORIGINS: "${s}" is not an origin such as https://lab.example.org`);
      return origin;
    });
  const allowedHosts = (env['BMPLAB_ALLOWED_HOSTS'] ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h.length > 0)
    .map((h) => {
      const parsed = parseHostName(h);
      if (!parsed) throw new ConfigError(`BMPLAB_ALLOWED_HOSTS: "${h}" is not a host name such as lab.example.org or lab.example.org:8443`);
      return parsed;
    });
  const rateLimit = env['BMPLAB_WS_RATE_LIMIT'] ?? 'on';
  if (rateLimit !== 'on' && rateLimit !== 'off') throw new ConfigError(`BMPLAB_WS_RATE_LIMIT=${rateLimit}: must be on or off`);
  const timeScale = Number(env['BMPLAB_TIME_SCALE'] ?? '1');
  if (!(timeScale > 0 && timeScale <= 10000)) {
    throw new ConfigError(`BMPLAB_TIME_SCALE=${env['BMPLAB_TIME_SCALE']}: must be a number above 0 and at most 10000`);
  }
  const allowConnect = (env['BMPLAB_ALLOW_CONNECT'] ?? '')
    .split(',')
    .filter((s) => s.trim().length > 0)
    .map((s) => {
      const c = parseCidr(s);
      if (!c) throw new ConfigError(`BMPLAB_ALLOW_CONNECT: "${s}" is not an IPv4 CIDR such as 192.0.2.0/24`);
      return c;
    });
  const collectorListen = parseListen('BMPLAB_COLLECTOR_LISTEN', env['BMPLAB_COLLECTOR_LISTEN'] ?? '127.0.0.1:11019');
  // Consoles over SSH and Telnet bind to loopback unless public binding is allowed, like HTTP.
  const sshListen = parseListen('BMPLAB_SSH_LISTEN', env['BMPLAB_SSH_LISTEN'] ?? 'off');
  const telnetListen = parseListen('BMPLAB_TELNET_LISTEN', env['BMPLAB_TELNET_LISTEN'] ?? 'off');
  for (const [name, l] of [
    ['BMPLAB_SSH_LISTEN', sshListen],
    ['BMPLAB_TELNET_LISTEN', telnetListen],
  ] as const) {
    if (l && !isLoopbackHost(l.host) && !allowPublicBind) {
      throw new ConfigError(
        `${name}=${l.host}:${l.port} is not a loopback address: every lab's console would be reachable from the network with one shared password. ` +
          'Set BMPLAB_ALLOW_PUBLIC_BIND=1 (or npm start -- --public) if you mean it.',
      );
    }
  }
  const sshPassword = env['BMPLAB_SSH_PASSWORD'] ?? DEFAULT_SSH_PASSWORD;
  if (sshPassword.length === 0 || sshPassword.length > 128 || /[\x00-\x1f\x7f]/.test(sshPassword)) {
    throw new ConfigError('BMPLAB_SSH_PASSWORD: must be 1 to 128 characters without control characters');
  }
  const dataDir = env['BMPLAB_DATA_DIR'];
  const maxLabs = Number(env['BMPLAB_MAX_LABS'] ?? '100');
  if (!(Number.isInteger(maxLabs) && maxLabs >= 1 && maxLabs <= 1000)) {
    throw new ConfigError(`BMPLAB_MAX_LABS=${env['BMPLAB_MAX_LABS']}: must be a whole number from 1 to 1000`);
  }
  const budget = (name: string, fallback: number, max: number): number => {
    const value = env[name] ?? String(fallback);
    const n = Number(value);
    if (!/^\d+$/.test(value) || !(n >= 1 && n <= max)) throw new ConfigError(`${name}=${value}: must be a whole number from 1 to ${max}`);
    return n;
  };
  // API.md explains the defaults (DEFAULT_BUDGETS).
  const budgets: BudgetLimits = {
    maxRoutesPerLab: budget('BMPLAB_MAX_ROUTES_PER_LAB', DEFAULT_BUDGETS.maxRoutesPerLab, 100_000_000),
    maxRoutes: budget('BMPLAB_MAX_ROUTES', DEFAULT_BUDGETS.maxRoutes, 100_000_000),
    maxListenersPerLab: budget('BMPLAB_MAX_LISTENERS_PER_LAB', DEFAULT_BUDGETS.maxListenersPerLab, 65535),
    maxListeners: budget('BMPLAB_MAX_LISTENERS', DEFAULT_BUDGETS.maxListeners, 1_000_000),
  };
  // A station bound: a whole number, 1 or more (API.md gives the defaults, DEFAULT_STATION_BOUNDS).
  const stationBound = (name: string, fallback: number): number => {
    const value = env[name] ?? String(fallback);
    const n = Number(value);
    if (!/^\d{1,10}$/.test(value) || n < 1) throw new ConfigError(`${name}=${value}: must be a whole number from 1 to 9999999999`);
    return n;
  };
  const stationBounds = {
    maxPeers: stationBound('BMPLAB_STATION_MAX_PEERS', DEFAULT_STATION_BOUNDS.maxPeers),
    maxPrefixes: stationBound('BMPLAB_STATION_MAX_PREFIXES', DEFAULT_STATION_BOUNDS.maxPrefixes),
    maxStationPrefixes: stationBound('BMPLAB_STATION_MAX_LAB_PREFIXES', DEFAULT_STATION_BOUNDS.maxStationPrefixes),
  };
  const logLevel = env['BMPLAB_LOG_LEVEL'] || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new ConfigError(`BMPLAB_LOG_LEVEL=${logLevel}: must be one of ${LOG_LEVELS.join(', ')}`);
  const logFormat = env['BMPLAB_LOG_FORMAT'] || null;
  if (logFormat !== null && logFormat !== 'pretty' && logFormat !== 'json') throw new ConfigError(`BMPLAB_LOG_FORMAT=${logFormat}: must be pretty or json`);
  return {
    host,
    port: parsePort('PORT', env['PORT'] ?? '8080'),
    timeScale,
    allowConnect,
    collectorListen,
    dataDir: dataDir === undefined || dataDir === '' || dataDir === 'off' || dataDir === ':memory:' ? null : dataDir,
    maxLabs,
    budgets,
    stationBounds,
    topologyFile: null,
    instructorToken: env['BMPLAB_INSTRUCTOR_TOKEN'] || null,
    allowedOrigins,
    allowedHosts,
    allowPublicBind,
    wsRateLimit: rateLimit === 'on',
    sshListen,
    sshPassword,
    telnetListen,
    logLevel: logLevel as LogLevel,
    logFormat,
  };
}

/** `HOST:PORT` (an IPv6 host in brackets: `[::1]:2222`), or `off` / empty: null. */
function parseListen(name: string, value: string): { host: string; port: number } | null {
  if (value === '' || value === 'off') return null;
  const i = value.lastIndexOf(':');
  if (i <= 0) throw new ConfigError(`${name}=${value}: expected HOST:PORT or "off"`);
  return { host: value.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port: parsePort(name, value.slice(i + 1)) };
}

/** Command-line arguments of `npm start` / `node apps/server/dist/main.js`: `--lab FILE`, `--public`. */
export function readArgs(argv: readonly string[]): { topologyFile: string | null; help: boolean; public: boolean } {
  let topologyFile: string | null = null;
  let help = false;
  let publicBind = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') help = true;
    else if (a === '--public') publicBind = true;
    else if (a === '--lab') {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new ConfigError('--lab needs a topology file, e.g. --lab apps/server/labs/default.yaml');
      topologyFile = v;
    } else if (a.startsWith('--lab=')) topologyFile = a.slice('--lab='.length);
    else throw new ConfigError(`unknown argument "${a}" (usage: npm start -- [--lab FILE] [--public])`);
  }
  if (topologyFile === '') throw new ConfigError('--lab needs a topology file');
  return { topologyFile, help, public: publicBind };
}
