import { ipv4ToNumberAllowingLeadingZeros } from '@bmp-lab/codec';

/**
 * Binding to an address other than loopback exposes every lab, console and
 * station to whoever can reach it. The server refuses to start on such a HOST
 * unless BMPLAB_ALLOW_PUBLIC_BIND=1 (or `npm start -- --public`) says so, and
 * warns when it does.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  const v4 = ipv4ToNumberAllowingLeadingZeros(h);
  return v4 !== undefined && v4 >>> 24 === 127;
}

export function publicBindWarning(host: string): string {
  return (
    `bmp-lab: WARNING: listening on ${host}, not loopback (BMPLAB_ALLOW_PUBLIC_BIND): anyone who can reach this address can create labs, ` +
    'type into their consoles and read their stations. There is no login; put it behind a firewall or an authenticating proxy.'
  );
}
