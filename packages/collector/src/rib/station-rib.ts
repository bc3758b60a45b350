import {
  PrefixRun,
  endOfRibFamily,
  formatIpv4Prefix,
  routeMonitoringIpv4Prefixes,
  type BmpMessage,
  type PathAttribute,
  type PerPeerHeader,
  type PrefixList,
  type UpdateMessage,
} from '@bmp-lab/codec';
import { AttributeSets } from './attribute-sets.js';
import { attributeKey, attributesWithoutPrefixes } from './attribute-key.js';
import { Ipv4RouteTable } from './ipv4-route-table.js';
import { Ipv6RouteTable } from './ipv6-route-table.js';
import { peerKey, peerViewName } from './peer-view.js';
import type { RouteAttributes } from './route-attributes.js';
import { formatIpv6Prefix, parseRoutePrefix, type RoutePrefix } from './route-prefix.js';
import { HEAP_TABLE_MEMORY, type TableMemory } from './table-memory.js';

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

/** One route of a view, as a listing shows it. */
export interface RibRoute {
  peer: string;
  distinguisher: string;
  view: string;
  prefix: string;
  attributes: RouteAttributes;
}

/** Which routes a listing wants; absent fields match everything. */
export interface RibRouteFilter {
  /** The peer's address, as the per-peer header gives it (IPv6 in its canonical form). */
  peer?: string;
  view?: string;
  prefix?: RoutePrefix;
}

/**
 * Where a listing stands: the view (by serial, increasing in the order views
 * appear), the family (0 IPv4, 1 IPv6, 2 others) and the slot in that
 * family's table. Positions only move forward, so a listing resumed from one
 * never repeats a route that stayed where it was.
 */
export interface RibPosition {
  view: number;
  family: number;
  slot: number;
}

interface View {
  /** Its key in the views map (viewKey). */
  key: string;
  serial: number;
  summary: Omit<RibViewSummary, 'prefixes'>;
  peer: string;
  /** Attribute sets of this view only, so a Peer Down drops a view without walking its routes. */
  attributes: AttributeSets;
  ipv4: Ipv4RouteTable;
  ipv6: Ipv6RouteTable;
  /** Other families (MP_REACH_NLRI other than IPv4/IPv6 unicast): `afi/safi prefix` → attribute-set id. */
  other: Map<string, number>;
}

/**
 * The routes one router connection has reported to the station, per
 * monitored peer and view (RFC 7854 §4.6, RFC 8671, RFC 9069), each with its
 * path attributes: Route Monitoring announces and withdraws, a Peer Down
 * forgets that peer's views. Pure; feed it each decoded message with its
 * bytes, in order.
 *
 * Memory: IPv4 unicast routes (the NLRI field, or MP_REACH_NLRI 1/1) are
 * keyed by number in a flat table (8 bytes a slot), IPv6 unicast (2/1) in
 * another (12 bytes a slot up to /64, 20 beyond), both read from the
 * message's bytes, and each route holds only an attribute-set id:
 * the decoded attributes are kept once per distinct set and view, counted.
 */
export class StationRib {
  private readonly views = new Map<string, View>();
  /** The views of each peer (peerKey), so a Peer Down finds them without walking every view. */
  private readonly byPeer = new Map<string, View[]>();
  private nextSerial = 1;
  /** Prefixes held across all views, kept as routes come and go (read on every message for the station's bounds). */
  private count = 0;

  /** `memory`: where the route tables get the arrays they grow into (see TableMemory). */
  constructor(private readonly memory: TableMemory = HEAP_TABLE_MEMORY) {}

  /** Applies one decoded message; `bytes` are that message's own bytes. */
  apply(message: BmpMessage<PrefixList>, bytes: Uint8Array): void {
    switch (message.type) {
      case 'peer-up':
        this.view(message.peer);
        return;
      case 'peer-down': {
        const key = peerKey(message.peer);
        for (const v of this.byPeer.get(key) ?? []) {
          this.count -= size(v);
          this.views.delete(v.key);
        }
        this.byPeer.delete(key);
        return;
      }
      case 'route-monitoring':
        this.monitor(message.peer, message.update, bytes);
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
      if (old !== 0) {
        v.attributes.release(old);
        this.count--;
      }
    };
    const fields = routeMonitoringIpv4Prefixes(bytes);
    fields?.withdrawnRoutes.forEachIpv4(withdraw);
    fields?.nlri.forEachIpv4(withdraw);
  }

  /** Every view the station holds routes or a Peer Up for, in the order first seen. */
  summaries(): RibViewSummary[] {
    return [...this.views.values()].map((v) => ({ ...v.summary, prefixes: size(v) }));
  }

  /** Prefixes held across all views. */
  get prefixes(): number {
    return this.count;
  }

  /** Distinct monitored peers (type, distinguisher, address) the table holds a view of. */
  get peers(): number {
    return this.byPeer.size;
  }

  /** Distinct attribute sets held across all views. */
  get attributeSets(): number {
    let n = 0;
    for (const v of this.views.values()) n += v.attributes.size;
    return n;
  }

  /**
   * The attributes the station holds for `prefix` (e.g. `203.0.113.0/24`,
   * `2001:db8::/32`, or with its family as `2/1 2001:db8::/32`) in the view
   * of `peer` named `view`; undefined when it holds no such route.
   */
  lookup(peer: string, view: string, prefix: string): readonly PathAttribute[] | undefined {
    const v = this.find(peer, view);
    if (!v) return undefined;
    const family = /^(\d+)\/(\d+) (.*)$/.exec(prefix);
    const text = family ? (family[3] as string) : prefix;
    if (!family || (family[2] === '1' && (family[1] === '1' || family[1] === '2'))) {
      const p = parseRoutePrefix(text);
      if (typeof p === 'string') return undefined;
      const id = p.family === 4 ? v.ipv4.get(p.address, p.length) : v.ipv6.get(p.words, p.length);
      return id === 0 ? undefined : v.attributes.get(id);
    }
    const id = v.other.get(prefix) ?? 0;
    return id === 0 ? undefined : v.attributes.get(id);
  }

  /** Up to `limit` routes of a view as text, for a listing (IPv4 in table order, then IPv6, then other families). */
  routes(peer: string, view: string, limit: number): { prefix: string; attributes: readonly PathAttribute[] }[] {
    const out: { prefix: string; attributes: readonly PathAttribute[] }[] = [];
    const v = this.find(peer, view);
    if (!v) return out;
    this.scanView(v, { view: 0, family: 0, slot: 0 }, undefined, (prefix, id) => {
      if (out.length >= limit) return false;
      out.push({ prefix, attributes: v.attributes.get(id) ?? [] });
      return true;
    });
    return out;
  }

  /**
   * The routes matching `filter`, from position `from` on (null: the
   * start), in position order, until `visit` returns false. A prefix filter
   * is one hash lookup per view, never a scan. Returns false if `visit`
   * stopped it.
   */
  scanRoutes(filter: RibRouteFilter, from: RibPosition | null, visit: (route: RibRoute, at: RibPosition) => boolean): boolean {
    for (const v of this.views.values()) {
      if (from && v.serial < from.view) continue;
      if (filter.peer !== undefined && v.summary.peer !== filter.peer) continue;
      if (filter.view !== undefined && v.summary.view !== filter.view) continue;
      const start = from && v.serial === from.view ? from : { view: v.serial, family: 0, slot: 0 };
      const done = this.scanView(v, start, filter.prefix, (prefix, id, at) => visit({ ...v.summary, prefix, attributes: v.attributes.view(id) as RouteAttributes }, at));
      if (!done) return false;
    }
    return true;
  }

  /** One view's routes from `from` (or the one route of `prefix`); false if `visit` stopped. */
  private scanView(v: View, from: RibPosition, prefix: RoutePrefix | undefined, visit: (prefix: string, id: number, at: RibPosition) => boolean): boolean {
    const view = v.serial;
    if (prefix) {
      if (from.family > 0 || from.slot > 0) return true;
      const id = prefix.family === 4 ? v.ipv4.get(prefix.address, prefix.length) : v.ipv6.get(prefix.words, prefix.length);
      return id === 0 || visit(prefix.text, id, { view, family: 0, slot: 0 });
    }
    let going = true;
    if (from.family === 0) {
      v.ipv4.scan(from.slot, (slot, address, length, id) => (going = visit(formatIpv4Prefix(address, length), id, { view, family: 0, slot })));
      if (!going) return false;
    }
    if (from.family <= 1) {
      v.ipv6.scan(from.family === 1 ? from.slot : 0, (slot, words, length, id) => (going = visit(formatIpv6Prefix(words, length), id, { view, family: 1, slot })));
      if (!going) return false;
    }
    let slot = 0;
    const skip = from.family === 2 ? from.slot : 0;
    for (const [key, id] of v.other) {
      if (slot >= skip && !visit(key, id, { view, family: 2, slot })) return false;
      slot++;
    }
    return true;
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
        key,
        serial: this.nextSerial++,
        summary: { peer: peer.address, distinguisher: peer.distinguisher, view: peerViewName(peer) },
        peer: peerKey(peer),
        attributes: new AttributeSets(),
        // Small at first: a router may announce thousands of peers with few routes each, and the tables grow by doubling.
        ipv4: new Ipv4RouteTable(16, this.memory),
        ipv6: new Ipv6RouteTable(16, this.memory),
        other: new Map(),
      };
      this.views.set(key, v);
      const same = this.byPeer.get(v.peer);
      if (same) same.push(v);
      else this.byPeer.set(v.peer, [v]);
    }
    return v;
  }

  private monitor(peer: PerPeerHeader, update: UpdateMessage<PrefixList>, bytes: Uint8Array): void {
    const v = this.view(peer);
    const { ipv4, ipv6, other } = v;
    // The view's initial dump of a family is over (RFC 4724 End-of-RIB, which BMP routers send after it): its
    // table stops growing for now, and an array prepared for its next growth would only hold memory.
    if (endOfRibFamily(update)) {
      ipv4.settle();
      ipv6.settle();
      return;
    }
    const sets = v.attributes;
    const attributes = update.pathAttributes;
    // The attribute set is interned on the first announced prefix (an UPDATE that only withdraws needs none).
    let id = 0;
    const setId = (): number => (id !== 0 ? id : (id = sets.intern(attributeKey(bytes), () => attributesWithoutPrefixes(attributes))));
    // One pair per family, written out: these run for every prefix of a dump, and one pair over either table would make
    // each call site see two table classes.
    const withdraw4 = (address: number, length: number) => {
      const old = ipv4.delete(address, length);
      if (old !== 0) {
        sets.release(old);
        this.count--;
      }
    };
    const announce4 = (address: number, length: number) => {
      const set = setId();
      sets.retain(set);
      const old = ipv4.set(address, length, set);
      if (old !== 0) sets.release(old);
      else this.count++;
    };
    const withdraw6 = (words: Uint32Array, length: number) => {
      const old = ipv6.delete(words, length);
      if (old !== 0) {
        sets.release(old);
        this.count--;
      }
    };
    const announce6 = (words: Uint32Array, length: number) => {
      const set = setId();
      sets.retain(set);
      const old = ipv6.set(words, length, set);
      if (old !== 0) sets.release(old);
      else this.count++;
    };
    /**
     * One NLRI field. Unicast runs (what the station decodes) are walked as numbers straight into the tables: no text
     * per prefix. Text (a message decoded without runs) and the other families go through the prefix's text.
     */
    const field = (list: PrefixList, afi: number, safi: number, announce: boolean) => {
      if (list.length === 0) return;
      if (list instanceof PrefixRun && safi === 1) {
        if (list.family === 'ipv4') list.forEachIpv4(announce ? announce4 : withdraw4);
        else list.forEachIpv6(announce ? announce6 : withdraw6);
        return;
      }
      for (const p of list) {
        const parsed = safi === 1 && (afi === 1 || afi === 2) ? parseRoutePrefix(p) : null;
        if (parsed !== null && typeof parsed !== 'string') {
          if (parsed.family === 4) (announce ? announce4 : withdraw4)(parsed.address, parsed.length);
          else (announce ? announce6 : withdraw6)(parsed.words, parsed.length);
          continue;
        }
        const key = `${afi}/${safi} ${p}`;
        const old = other.get(key) ?? 0;
        if (announce) {
          sets.retain(setId());
          other.set(key, id);
        } else other.delete(key);
        if (old !== 0) sets.release(old);
        if (announce && old === 0) this.count++;
        else if (!announce && old !== 0) this.count--;
      }
    };
    field(update.withdrawnRoutes, 1, 1, false);
    field(update.nlri, 1, 1, true);
    for (const a of attributes) {
      if (a.type === 'mpUnreachNlri') field(a.withdrawnRoutes, a.afi, a.safi, false);
      else if (a.type === 'mpReachNlri') field(a.nlri, a.afi, a.safi, true);
    }
    if (id !== 0) sets.dropIfUnused(id);
  }
}

function size(v: View): number {
  return v.ipv4.size + v.ipv6.size + v.other.size;
}

/** One view of one peer: a Peer Up, its routes and a Peer Down all name it by the per-peer header. */
function viewKey(peer: PerPeerHeader): string {
  return `${peerKey(peer)}/${peerViewName(peer)}`;
}
