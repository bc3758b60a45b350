/** `12h18m32s`, the way VRP prints a session's Age (display bmp session). */
export function formatAge(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${pad2(h)}h${pad2(m)}m${pad2(s)}s`;
}

/** A countdown: `42s`, `3m05s`, `1h02m`; `now` once it is due. */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(ms / 1000);
  if (total <= 0) return 'now';
  if (total < 60) return `${total}s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h${pad2(m)}m` : `${m}m${pad2(s)}s`;
}

/** Byte counts people can read at a glance: 980 B, 12.4 KB, 3.1 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/** A rate with a sensible precision: 0, 0.4, 12, 1.2k. */
export function formatRate(perSecond: number): string {
  if (perSecond <= 0) return '0';
  if (perSecond < 10) return perSecond.toFixed(1).replace(/\.0$/, '');
  if (perSecond < 1000) return perSecond.toFixed(0);
  return `${(perSecond / 1000).toFixed(1)}k`;
}

/** `address:port`, or null when the address is unknown (not connected). */
export function formatEndpoint(address: string | null, port: number | null): string | null {
  if (address === null) return null;
  return port === null ? address : `${address}:${port}`;
}

/**
 * What a lab endpoint's tooltip says of the real socket behind it, or
 * undefined when they are the same (a router outside the lab, or dialled
 * directly on loopback).
 */
export function realSocketNote(labEnd: string, socket: string | null): string | undefined {
  return socket === null || socket === labEnd ? undefined : `The router's lab address and port; the real socket is ${socket} on this machine`;
}

/** Wall-clock time with milliseconds, local time: `14:03:07.412`. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** Wall-clock time to the second: `14:03:07`. */
export function formatTime(epochMs: number): string {
  return formatClock(epochMs).slice(0, 8);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
