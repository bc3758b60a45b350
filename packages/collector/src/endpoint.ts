/** One end of a TCP connection. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/**
 * A station endpoint as the lab names it: its address in the lab, inside a
 * VPN instance or not, and its port (`10.1.1.1:1790`, `VPN1/10.1.1.1:1790`,
 * or the real `127.0.0.1:11019` where external routers report).
 */
export interface StationAddress extends Endpoint {
  readonly vpnInstance: string | null;
}

/** `address:port`, the form the protocol carries (e.g. `127.0.0.1:50123`). */
export function formatEndpoint(e: Endpoint): string {
  return `${e.address}:${e.port}`;
}

/** The station's name on the wire: `address:port`, after `VPN/` for a station in a VPN instance. */
export function formatStation(s: StationAddress): string {
  return `${s.vpnInstance === null ? '' : `${s.vpnInstance}/`}${formatEndpoint(s)}`;
}

/**
 * Both real ends of one TCP connection as a map key, the same whichever side
 * names it: the router that dialled (or the station that accepted) may see an
 * IPv4 address in its IPv6-mapped form (`::ffff:127.0.0.1`).
 */
export function tcpConnectionKey(router: Endpoint, station: Endpoint): string {
  return `${plain(router.address)}:${router.port}>${plain(station.address)}:${station.port}`;
}

function plain(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
