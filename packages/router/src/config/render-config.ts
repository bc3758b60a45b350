import type { BmpSessionConfig, DeviceConfig } from './device-config.js';

/**
 * Render configuration as VRP prints it (reference §2.13): one more leading
 * space per nested view; a left-aligned `#` closes a top-level block; an
 * indented `#` separates sub-blocks and sits at their indent. Defaults are
 * hidden.
 */
export function renderConfig(config: DeviceConfig): string[] {
  const lines = ['#', `sysname ${config.sysname}`, '#'];
  for (const name of config.vpnInstances) lines.push(`ip vpn-instance ${quoteIfNeeded(name)}`, '#');
  if (config.bmp) lines.push(...renderBmp(config), '#');
  lines.push('return');
  return lines;
}

/** The `bmp` block alone (what `display this` shows in the BMP view). */
export function renderBmp(config: DeviceConfig): string[] {
  if (!config.bmp) return [];
  const lines = ['bmp'];
  config.bmp.sessions.forEach((s, i) => {
    if (i > 0) lines.push(' #');
    lines.push(' ' + sessionCommand(s), ...sessionBody(s).map((l) => '  ' + l));
  });
  return lines;
}

/** The block of one session, as `display this` shows it in the session view. */
export function renderSession(s: BmpSessionConfig): string[] {
  return [sessionCommand(s), ...sessionBody(s).map((l) => ' ' + l)];
}

export function sessionCommand(s: BmpSessionConfig): string {
  // ⚠ INFERRED (reference §2.13): alias and VPN forms follow the command syntax.
  const vpn = s.vpnInstance ? `vpn-instance ${quoteIfNeeded(s.vpnInstance)} ` : '';
  const alias = s.alias ? ` alias ${quoteIfNeeded(s.alias)}` : '';
  return `bmp-session ${vpn}${s.address}${alias}`;
}

function sessionBody(s: BmpSessionConfig): string[] {
  return s.port === null ? [] : [`tcp connect port ${s.port}`];
}

/** A name with spaces was typed in double quotes and is printed the same way. */
export function quoteIfNeeded(name: string): string {
  return name.includes(' ') ? `"${name}"` : name;
}
