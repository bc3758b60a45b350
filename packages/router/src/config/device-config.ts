/**
 * The configuration model of the emulated device: what `display
 * current-configuration` shows. Plain data (structured-clone safe), so the
 * candidate is a copy that a console edits and `commit` makes running.
 */
export interface DeviceConfig {
  sysname: string;
  /** `ip vpn-instance NAME`, in creation order. */
  vpnInstances: string[];
  /** `bmp`; null while BMP is not configured (`undo bmp`). */
  bmp: BmpConfig | null;
}

export interface BmpConfig {
  /** `bmp-session …`, in creation order. */
  sessions: BmpSessionConfig[];
}

export interface BmpSessionConfig {
  address: string;
  /** Null for the public network; never `_public_` (the seed forbids it). */
  vpnInstance: string | null;
  alias: string | null;
  /** `tcp connect port`; null when not set: the session cannot come up. */
  port: number | null;
}

export const DEFAULT_SYSNAME = 'HUAWEI';

export function emptyConfig(sysname = DEFAULT_SYSNAME): DeviceConfig {
  return { sysname, vpnInstances: [], bmp: null };
}

/** A deep copy; the configuration is plain JSON data by construction. */
export function cloneConfig(config: DeviceConfig): DeviceConfig {
  return JSON.parse(JSON.stringify(config)) as DeviceConfig;
}

/** How the device tells BMP sessions apart: VPN instance, address and alias (seed: "the same IP address but different port numbers (by specifying the alias-name parameter)"). */
export interface BmpSessionId {
  address: string;
  vpnInstance: string | null;
  alias: string | null;
}

export function sessionKey(id: BmpSessionId): string {
  return `${id.vpnInstance ?? '_public_'}|${id.address}|${id.alias ?? ''}`;
}

export function findSession(config: DeviceConfig, id: BmpSessionId): BmpSessionConfig | undefined {
  const key = sessionKey(id);
  return config.bmp?.sessions.find((s) => sessionKey(s) === key);
}
