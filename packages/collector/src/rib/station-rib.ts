import { forEachIpv4UpdatePrefix, formatIpv4, type BmpMessage, type PathAttribute, type PerPeerHeader } from '@bmp-lab/codec';
import { AttributeSets } from './attribute-sets.js';
import { Ipv4RouteTable } from './ipv4-route-table.js';
import { peerKey, peerViewName } from './peer-view.js';

/** One monitored RIB as the station holds it. */
export interface RibViewSummary {
  /** The peer's address (`0.0.0.0` for a Loc-RIB instance). */
  peer: string;
  /** Route distinguisher, 16 hex digits (all zero for the global instance). */
  distinguisher: string;
  /** e.g. `adj-rib-in pre-policy`, `loc-rib` (see peerViewName). */
  view: string;
  /** Prefixes currently announced and not withdrawn, all families. */
  prefixes: number;
}

interface View {
  summary: Omit<RibViewSummary, 'prefixes'>;
  peer: string;
  /** Attribute sets of this view only, so a Peer Down drops a view without walking its routes. */
  attributes: AttributeSets;
  ipv4: Ipv4RouteTable;
  /** Other families (MP_REACH_NLRI): `afi/safi prefix` → attribute-set id. */
  other: Map<string, number>;
}

/**
 * The routes one router connection has reported to the station, per
 * monitored peer and view (RFC 7854 §4.6, RFC 8671, RFC 9069): Route
 * Monitoring announces and withdraws, a Peer Down forgets that peer's
 * views. Pure; feed it each decoded message with its bytes, in order.
 *
 * IPv4 unicast routes (the NLRI field) are keyed by number in a flat table
 * (`forEachIpv4UpdatePrefix`): a million routes cost about 18 MiB and no
 * strings. MP_REACH_NLRI families are kept by prefix string.
 */
export class StationRib {
  private readonly views = new Map<string, View>();

  /** Applies one decoded message; `bytes` are that message's own bytes. */
  apply(message: BmpMessage, bytes: Uint8Array): void {
    switch (message.type) {
      case 'peer-up':
        this.view(message.peer);
        return;
      case 'peer-down': {
        const key = peerKey(message.peer);
        for (const [k, v] of this.views) if (v.peer === key) this.views.delete(k);
        return;
      }
      case 'route-monitoring':
        this.monitor(message.peer, message.update.pathAttributes, bytes);
        return;
      default:
        return;
    }
  }

  /**
   * RFC 7606 "treat-as-withdraw": a Route Monitoring whose attributes were
   * malformed withdraws the IPv4 prefixes it carried (NLRI and withdrawn
   * routes alike) from that peer's view. Prefixes inside a malformed
   * MP_REACH_NLRI cannot be read, so they stay as they were.
   */
  withdrawUpdate(peer: PerPeerHeader, bytes: Uint8Array): void {
    const v = this.views.get(viewKey(peer));
    if (!v) return;
    const withdraw = (address: number, length: number) => {
      const old = v.ipv4.delete(address, length);
      if (old !== 0) v.attributes.release(old);
    };
    forEachIpv4UpdatePrefix(bytes, withdraw, withdraw);
  }

  /** Every view the station holds routes or a Peer Up for, in the order first seen. */
  summaries(): RibViewSummary[] {
    return [...this.views.values()].map((v) => ({ ...v.summary, prefixes: v.ipv4.size + v.other.size }));
  }

  /** Prefixes held across all views. */
  get prefixes(): number {
    let n = 0;
    for (const v of this.views.values()) n += v.ipv4.size + v.other.size;
    return n;
  }

  /**
   * The attributes the station holds for `prefix` (e.g. `203.0.113.0/24`,
   * or `2001:db8::/32` with its family as `2/1 2001:db8::/32`) in the view
   * of `peer` named `view`; undefined when it holds no such route.
   */
  lookup(peer: string, view: string, prefix: string): readonly PathAttribute[] | undefined {
    const v = this.find(peer, view);
    if (!v) return undefined;
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(prefix);
    const id = m ? v.ipv4.get(((+m[1]! << 24) | (+m[2]! << 16) | (+m[3]! << 8) | +m[4]!) >>> 0, +m[5]!) : (v.other.get(prefix) ?? 0);
    return id === 0 ? undefined : v.attributes.get(id);
  }

  /** Up to `limit` routes of a view as text, for a listing (IPv4 in table order, then other families). */
  routes(peer: string, view: string, limit: number): { prefix: string; attributes: readonly PathAttribute[] }[] {
    const out: { prefix: string; attributes: readonly PathAttribute[] }[] = [];
    const v = this.find(peer, view);
    if (!v) return out;
    const b = new Uint8Array(4);
    v.ipv4.forEach((address, length, id) => {
      if (out.length >= limit) return;
      b[0] = address >>> 24;
      b[1] = address >>> 16;
      b[2] = address >>> 8;
      b[3] = address;
      out.push({ prefix: `${formatIpv4(b)}/${length}`, attributes: v.attributes.get(id) ?? [] });
    });
    for (const [prefix, id] of v.other) {
      if (out.length >= limit) break;
      out.push({ prefix, attributes: v.attributes.get(id) ?? [] });
    }
    return out;
  }

  /** The view named by its peer's address and view name (the first, if distinguishers differ). */
  private find(peer: string, view: string): View | undefined {
    for (const v of this.views.values()) if (v.summary.peer === peer && v.summary.view === view) return v;
    return undefined;
  }

  private view(peer: PerPeerHeader): View {
    const key = viewKey(peer);
    let v = this.views.get(key);
    if (!v) {
      v = {
        summary: { peer: peer.address, distinguisher: peer.distinguisher, view: peerViewName(peer) },
        peer: peerKey(peer),
        attributes: new AttributeSets(),
        ipv4: new Ipv4RouteTable(),
        other: new Map(),
      };
      this.views.set(key, v);
    }
    return v;
  }

  private monitor(peer: PerPeerHeader, attributes: readonly PathAttribute[], bytes: Uint8Array): void {
    const v = this.view(peer);
    const { ipv4, other } = v;
    const sets = v.attributes;
    const id = sets.add(attributes);
    forEachIpv4UpdatePrefix(
      bytes,
      (address, length) => {
        const old = ipv4.delete(address, length);
        if (old !== 0) sets.release(old);
      },
      (address, length) => {
        sets.retain(id);
        const old = ipv4.set(address, length, id);
        if (old !== 0) sets.release(old);
      },
    );
    for (const a of attributes) {
      if (a.type === 'mpUnreachNlri') {
        for (const p of a.withdrawnRoutes) {
          const key = `${a.afi}/${a.safi} ${p}`;
          const old = other.get(key);
          if (old !== undefined) {
            other.delete(key);
            sets.release(old);
          }
        }
      } else if (a.type === 'mpReachNlri') {
        for (const p of a.nlri) {
          const key = `${a.afi}/${a.safi} ${p}`;
          sets.retain(id);
          const old = other.get(key);
          other.set(key, id);
          if (old !== undefined) sets.release(old);
        }
      }
    }
    sets.dropIfUnused(id);
  }
}

/** One view of one peer: a Peer Up, its routes and a Peer Down all name it by the per-peer header. */
function viewKey(peer: PerPeerHeader): string {
  return `${peerKey(peer)}/${peerViewName(peer)}`;
}
