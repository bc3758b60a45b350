import { ipv4Netmask, ipv4ToNumber, numberToIpv4 } from '@bmp-lab/codec';
import type { CommandContext } from './command-context.js';
import type { BmpMonitorConfig, BmpSessionConfig } from '../config/device-config.js';
import { monitorKey, sessionKey } from '../config/device-config.js';

/** The candidate session of the current BMP session or monitor view. */
export function currentSession(ctx: CommandContext): BmpSessionConfig | undefined {
  const f = ctx.frame;
  if (f.view !== 'bmp-session' && f.view !== 'bmp-monitor' && f.view !== 'bmp-session-ipv4-unicast' && f.view !== 'bmp-session-ipv4-vpn') return undefined;
  return ctx.candidate.bmp?.sessions.find((s) => sessionKey(s) === f.sessionKey);
}

/** The candidate monitor block of the current BMP monitor view. */
export function currentMonitor(ctx: CommandContext): BmpMonitorConfig | undefined {
  const f = ctx.frame;
  if (f.view !== 'bmp-monitor') return undefined;
  const key = monitorKey(f.target);
  return currentSession(ctx)?.monitors?.find((m) => monitorKey(m.target) === key);
}

/** A parameter as text, or null when it was not typed. */
export function text(v: string | number | undefined): string | null {
  return v === undefined ? null : String(v);
}

/** The network of a typed IPv4 address: its first `len` bits kept, the host bits cleared (`10.1.1.1`, 8 → `10.0.0.0`). */
export function maskIpv4(address: string, len: number): string {
  return numberToIpv4(((ipv4ToNumber(address) ?? 0) & ipv4Netmask(len)) >>> 0);
}
