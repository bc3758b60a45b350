import { tcpDial } from '@bmp-lab/router/node';
import type { DialResult, DialTarget, Dialer } from '@bmp-lab/router';
import { cidrContains } from '../config.js';
import type { Cidr } from '../config.js';

/**
 * The lab network (DESIGN §3): addresses of the topology resolve to loopback
 * endpoints the server owns; 127.0.0.0/8 is dialled directly; other
 * destinations only inside BMPLAB_ALLOW_CONNECT. Anything else fails like an
 * unreachable host, and no packet leaves the machine.
 */
export class LabNetwork implements Dialer {
  private readonly endpoints = new Map<string, { host: string; port: number }>();

  constructor(private readonly allowConnect: readonly Cidr[]) {}

  /** Make `address:port` of the lab reach a real loopback endpoint. */
  attach(address: string, port: number, endpoint: { host: string; port: number }): void {
    this.endpoints.set(`${address}:${port}`, endpoint);
  }

  /** Whether the lab owns this address (some endpoint is attached to it). */
  owns(address: string): boolean {
    for (const key of this.endpoints.keys()) if (key.startsWith(address + ':')) return true;
    return false;
  }

  resolve(target: DialTarget): { host: string; port: number } | { error: string } {
    // A VPN instance has its own routing table; the lab's instances have no routes yet.
    if (target.vpnInstance !== null) return { error: `no route to ${target.address} in VPN instance ${target.vpnInstance}` };
    const mapped = this.endpoints.get(`${target.address}:${target.port}`);
    if (mapped) return mapped;
    if (this.owns(target.address)) return { error: `connection refused by ${target.address}:${target.port}` };
    if (target.address.startsWith('127.')) return { host: target.address, port: target.port };
    if (this.allowConnect.some((c) => cidrContains(c, target.address))) return { host: target.address, port: target.port };
    return { error: `host ${target.address} unreachable` };
  }

  async dial(target: DialTarget): Promise<DialResult> {
    const r = this.resolve(target);
    if ('error' in r) return { ok: false, error: r.error };
    // Bind a loopback source for real; any other source is the router's address inside the lab only.
    const bind = target.sourceAddress?.startsWith('127.') && r.host.startsWith('127.') ? target.sourceAddress : undefined;
    return tcpDial(r.host, r.port, bind);
  }
}
