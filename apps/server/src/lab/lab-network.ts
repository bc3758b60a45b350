import { tcpDial } from '@bmp-lab/router/node';
import type { DialResult, DialTarget, Dialer } from '@bmp-lab/router';
import { cidrContains, ipv4ToInt } from '../config.js';
import type { Cidr } from '../config.js';

/**
 * The lab network (DESIGN §3): addresses of the topology resolve to loopback
 * endpoints the server owns; 127.0.0.0/8 is dialled directly; other
 * destinations only inside BMPLAB_ALLOW_CONNECT. Anything else fails like an
 * unreachable host, and no packet leaves the machine.
 */
export class LabNetwork implements Dialer {
  private readonly endpoints = new Map<string, { host: string; port: number }>();
  /** Destinations already logged as refused (one line per destination per lab). */
  private readonly refusedLogged = new Set<string>();
  /** Every refusal, logged or not (tests, diagnostics). */
  refusals = 0;

  constructor(
    private readonly allowConnect: readonly Cidr[],
    private readonly options: { labId?: string; log?: (line: string) => void } = {},
  ) {}

  /** Make `address:port` of the lab (inside `vpnInstance`, if given) reach a real loopback endpoint. */
  attach(address: string, port: number, endpoint: { host: string; port: number }, vpnInstance: string | null = null): void {
    this.endpoints.set(endpointKey(vpnInstance, address, port), endpoint);
  }

  /** Whether `(vpnInstance, address, port)` is attached. */
  has(address: string, port: number, vpnInstance: string | null = null): boolean {
    return this.endpoints.has(endpointKey(vpnInstance, address, port));
  }

  /** Whether the lab owns this address (some endpoint is attached to it). */
  owns(address: string): boolean {
    for (const key of this.endpoints.keys()) if (key.startsWith(address + ':')) return true;
    return false;
  }

  /**
   * Where `target` leads. `quiet` only asks (the station matching a connection
   * to its session): a refused destination is then neither counted nor logged.
   */
  resolve(target: DialTarget, quiet = false): { host: string; port: number } | { error: string } {
    // A VPN instance has its own routing table: only the lab's stations placed in that instance (topology `vpn-instance`).
    if (target.vpnInstance !== null) {
      const inVpn = this.endpoints.get(endpointKey(target.vpnInstance, target.address, target.port));
      return inVpn ?? { error: `no route to ${target.address} in VPN instance ${target.vpnInstance}` };
    }
    const mapped = this.endpoints.get(`${target.address}:${target.port}`);
    if (mapped) return mapped;
    if (this.owns(target.address)) return { error: `connection refused by ${target.address}:${target.port}` };
    const numeric = ipv4ToInt(target.address);
    if (numeric !== null && numeric >>> 24 === 127) return { host: target.address, port: target.port };
    if (numeric !== null && this.allowConnect.some((c) => cidrContains(c, target.address))) return { host: target.address, port: target.port };
    if (!quiet) this.refuse(target.address);
    return { error: `host ${target.address} unreachable` };
  }

  /** Log a refused destination once per lab (DESIGN §3: nothing leaves for it). */
  private refuse(address: string): void {
    this.refusals++;
    if (this.refusedLogged.has(address)) return;
    // Bounded: a lab that tries thousands of destinations logs the first 1000.
    if (this.refusedLogged.size >= 1000) return;
    this.refusedLogged.add(address);
    const line =
      `bmp-lab: lab ${this.options.labId ?? '?'}: refused to connect to ${address}: ` +
      'not a lab endpoint, not in 127.0.0.0/8, not in BMPLAB_ALLOW_CONNECT (fails as "host unreachable"; logged once per destination)';
    (this.options.log ?? ((l: string) => console.warn(l)))(line);
  }

  async dial(target: DialTarget): Promise<DialResult> {
    const r = this.resolve(target);
    if ('error' in r) return { ok: false, error: r.error };
    // Bind a loopback source for real; any other source is the router's address inside the lab only.
    const bind = target.sourceAddress?.startsWith('127.') && r.host.startsWith('127.') ? target.sourceAddress : undefined;
    return tcpDial(r.host, r.port, bind);
  }
}

/** Public-network endpoints are `address:port`; VPN-instance ones `NAME/address:port` (never matched by `owns`). */
function endpointKey(vpnInstance: string | null, address: string, port: number): string {
  return `${vpnInstance === null ? '' : `${vpnInstance}/`}${address}:${port}`;
}
