import { CEASE_SUBCODE, NOTIFICATION_ERROR_CODE, encodeBgpMessage, endOfRib, numberToIpv4, scanIpv4 } from '@bmp-lab/codec';
import type { PathAttribute, UpdateMessage } from '@bmp-lab/codec';
import type { Clock, StreamConnection } from '../bmp-client/transport.js';
import { BgpSession } from './bgp-session.js';
import { TurnedWork } from './turn-budget.js';
import type { BgpState } from './bgp-session.js';
import { MAX_PREFIXES_PER_UPDATE, packUpdates } from './pack-updates.js';
import { FAMILY, addressFamily, wireIpv6, wireIpv6Prefix } from './family.js';
import type { BgpFamily, VpnFamily } from './family.js';
import { checkVpnRoute, vpnRouteAttributes, vpnRouteLabels } from './neighbor-vpn-routes.js';
import type { KeyedVpnRoute, NeighborVpnRoute } from './neighbor-vpn-routes.js';

export type { NeighborVpnRoute } from './neighbor-vpn-routes.js';

/** A route a lab neighbor announces. */
export interface NeighborRoute {
  /** IPv4 (`203.0.113.0/24`) or IPv6 (`2001:db8:2:1::/64`), of the neighbor's own family. */
  prefix: string;
  /** AS_PATH after the neighbor's own AS (which it prepends itself). */
  asPath?: number[];
  med?: number;
  communities?: string[];
}

/**
 * A big table in a few words: `count` consecutive prefixes of the length of
 * `first`, starting at `first` (16.0.0.0/24, 16.0.1.0/24, …), all with the
 * same attributes. The neighbor generates them as it sends them, so a
 * million routes cost no memory until the router holds them.
 */
export interface NeighborBulkRoutes {
  /** The first prefix (host bits zero); the others follow it, each the next block of the same length. */
  first: string;
  /** How many prefixes; the last must still lie within 0.0.0.0-255.255.255.255. */
  count: number;
  asPath?: number[];
  med?: number;
  communities?: string[];
}

/**
 * A BGP neighbor of the lab topology (the default lab has 10.2.2.2 AS 200,
 * 10.3.3.3 AS 300, and the IPv6 neighbors 2001:db8:2::2 AS 200 and
 * 2001:db8:3::3 AS 300). A neighbor speaks the address family of its own
 * address: an IPv6 neighbor offers IPv6 unicast in its OPEN and announces
 * IPv6 routes in MP_REACH_NLRI with itself as next hop.
 */
export interface NeighborSpec {
  address: string;
  asn: number;
  /** Its BGP identifier; default its address (required for an IPv6 neighbor, whose identifier is still an IPv4 address). */
  routerId?: string;
  /** The AS it expects the lab router to be in; any other is refused with Bad Peer AS. */
  expectAs: number;
  routes: NeighborRoute[];
  /** Announced after `routes`, before End-of-RIB (IPv4 neighbors only). */
  bulkRoutes?: NeighborBulkRoutes;
  /**
   * VPN routes it announces as a PE (IPv4 neighbors only): its OPEN then also
   * offers VPNv4 and/or VPNv6, and each family the router enables gets its
   * routes and its End-of-RIB after the neighbor's own table. Fixed for the
   * session (not changed at run time).
   */
  vpnRoutes?: NeighborVpnRoute[];
}

/**
 * Who decides whether a neighbor's table may be taken on now (the server's
 * route budget). Asked as the router connects, before any OPEN: a refused
 * connection gets NOTIFICATION Cease / Out of Resources (RFC 4486) and is
 * closed, and the router retries after its ConnectRetry like after any other
 * failure. An admitted session is released once, when it ends.
 */
export interface NeighborAdmission {
  admit(neighbor: LabNeighbor): boolean;
  release(neighbor: LabNeighbor): void;
  /**
   * The table of an admitted session changes by `delta` routes (routes
   * announced or withdrawn at run time). Null: counted; else why the growth
   * is refused (a shrink is never refused). Absent: never refused.
   */
  resize?(neighbor: LabNeighbor, delta: number): string | null;
}

/** A route change the neighbor refuses (wrong family, not a prefix, over the route budget), with why. */
export class NeighborRouteError extends Error {
  override name = 'NeighborRouteError';
  constructor(
    message: string,
    /** Refused by a route budget ('lab': the lab's own, 'server': every lab's together), not for the route itself. */
    readonly overBudget: 'lab' | 'server' | null = null,
    /** A withdrawal named a prefix the neighbor does not announce (rather than a request that makes no sense). */
    readonly notAnnounced = false,
  ) {
    super(message);
  }
}

/** Stop handing UPDATEs to the socket above this much unsent data; go on at 'drain'. */
const HIGH_WATER_BYTES = 256 * 1024;

/**
 * The prefixes of a bulk range, in order: the `index`-th is `first` plus
 * `index` blocks of its length. Null when `first` is not a prefix with its
 * host bits zero or the range runs past 255.255.255.255.
 */
export function bulkPrefixes(first: string, count: number): { start: number; length: number; step: number } | null {
  const slash = first.indexOf('/');
  const lengthText = first.slice(slash + 1);
  if (slash < 0 || !/^\d{1,2}$/.test(lengthText) || !Number.isInteger(count) || count < 1) return null;
  const start = scanIpv4(first, 0, slash, true);
  const length = Number(lengthText);
  if (start < 0 || length > 32) return null;
  const step = 2 ** (32 - length);
  if (start % step !== 0 || start + (count - 1) * step > 0xffffffff) return null;
  return { start, length, step };
}

function prefixText(address: number, length: number): string {
  return `${numberToIpv4(address)}/${length}`;
}

/**
 * The far end of a BGP peering, played by the lab: a passive BGP speaker that
 * accepts the router's connection, checks its AS, and once Established
 * announces its routes followed by End-of-RIB, then each change made to its
 * table at run time (`announceRoutes`, `withdrawRoute`). It runs the same FSM
 * as the router's side, over a real TCP connection.
 */
export class LabNeighbor {
  private readonly session: BgpSession;
  stateValue: BgpState = 'Idle';
  private upValue = true;
  /** What is left to announce on the current session, sent as the socket takes it. */
  private announcing: Iterator<UpdateMessage> | null = null;
  /**
   * What it announces now, by prefix (wire form), in the order first
   * announced: the topology's routes, then those announced at run time.
   */
  private readonly table = new Map<string, NeighborRoute>();
  /**
   * Prefixes changed while Established and not yet sent: announced (with the
   * table's attributes) or withdrawn (no longer in the table) after what is
   * already on its way, so a change made during the table dump follows the
   * route it changes.
   */
  private readonly dirty = new Set<string>();
  /** Established in a family both OPENs carry (RFC 4760 §8): routes may go out. */
  private sending = false;

  private readonly family: BgpFamily;
  /** The VPN routes, checked, of the families it offers (only an IPv4 neighbor's are kept). */
  private readonly vpnRoutes: KeyedVpnRoute[] = [];
  /** VPN families both OPENs of the current session carry. */
  private vpnFamiliesUp: VpnFamily[] = [];
  private stopped = false;
  /** The current session was admitted (its table counts until it ends). */
  private admitted = false;

  /**
   * Sending, a turn at a time (TURN_BUDGET_MS): a loopback socket takes
   * megabytes before its buffer shows any, and making a full table's UPDATEs
   * until then held every lab's consoles for most of a second.
   */
  private readonly sender: TurnedWork;

  constructor(
    readonly spec: NeighborSpec,
    clock: Clock,
    private readonly admission: NeighborAdmission | null = null,
  ) {
    this.sender = new TurnedWork(clock, () => this.sendNext());
    this.family = addressFamily(spec.address);
    // Only the routes of the neighbor's own family (the topology loader refuses others).
    for (const r of spec.routes) {
      const key = this.prefixKey(r.prefix);
      if (key !== null) this.table.set(key, { ...r, prefix: key });
    }
    const { afi, safi } = FAMILY[this.family];
    if (this.family === 'ipv4-unicast')
      for (const r of spec.vpnRoutes ?? []) {
        const checked = checkVpnRoute(r);
        if (typeof checked !== 'string') this.vpnRoutes.push(checked);
      }
    const vpnFamilies = (['ipv4-vpnv4', 'ipv6-vpnv6'] as const).filter((f) => this.vpnRoutes.some((r) => r.family === f));
    this.session = new BgpSession({
      clock,
      local: { asn: spec.asn, bgpId: spec.routerId ?? spec.address, families: [{ afi, safi }, ...vpnFamilies.map((f) => ({ afi: FAMILY[f].afi, safi: FAMILY[f].safi }))] },
      peer: { address: '', asn: spec.expectAs },
      dial: null,
      events: {
        stateChanged: (s) => {
          this.stateValue = s;
          if (s !== 'Established') {
            this.sending = false;
            this.announcing = null;
            this.dirty.clear();
          }
          if (s === 'Idle' && this.admitted) {
            this.admitted = false;
            this.admission?.release(this);
          }
        },
        // RFC 4760 §8: routes only in a family both OPENs carry.
        established: (info) => {
          this.vpnFamiliesUp = vpnFamilies.filter((f) => info.families.some((x) => x.afi === FAMILY[f].afi && x.safi === FAMILY[f].safi));
          this.sending = info.families.length > 0;
          if (this.sending) this.announce();
        },
        update: () => {},
        down: () => {},
        drain: () => this.pump(),
        // RFC 2918: the router asked for our routes again (its import policy changed): send the table anew.
        routeRefresh: () => {
          if (this.sending) this.announce();
        },
      },
    });
    this.session.start();
  }

  accept(connection: StreamConnection): void {
    // Only a connection the session would take (not busy, not brought down) asks for admission.
    if (this.admission && !this.admitted && this.upValue && !this.stopped && this.session.state === 'Idle') {
      if (!this.admission.admit(this)) {
        connection.write(encodeBgpMessage({ type: 'notification', code: NOTIFICATION_ERROR_CODE.CEASE, subcode: CEASE_SUBCODE.OUT_OF_RESOURCES, data: new Uint8Array(0) }));
        connection.end();
        return;
      }
      this.admitted = true;
    }
    this.session.accept(connection);
  }

  stop(): void {
    this.stopped = true;
    this.sender.cancel();
    this.session.stop();
  }

  /**
   * Bring the neighbor down (Cease, Administrative Shutdown; it refuses
   * connections meanwhile) or up again (it accepts the router's next
   * connection), e.g. to flap it on a timer.
   */
  setUp(up: boolean): void {
    this.upValue = up;
    if (up) this.session.start();
    else this.session.stop();
  }

  /** Whether the neighbor accepts sessions now (not brought down by `setUp(false)`). */
  get up(): boolean {
    return this.upValue;
  }

  /** Whether the current session is still sending its table or changes (waiting on the socket, or about to). */
  get sendingTable(): boolean {
    return this.announcing !== null || this.dirty.size > 0;
  }

  /** The routes it announces now (its bulk range aside), in the order first announced. */
  routes(): NeighborRoute[] {
    return [...this.table.values()];
  }

  /** Whether it announces `prefix` now (as a listed route, not from its bulk range). */
  announces(prefix: string): boolean {
    const key = this.prefixKey(prefix);
    return key !== null && this.table.has(key);
  }

  /** How many prefixes its bulk range generates (0 for none, and for an IPv6 neighbor). */
  get bulkCount(): number {
    return this.family === 'ipv4-unicast' && this.spec.bulkRoutes ? this.spec.bulkRoutes.count : 0;
  }

  /** The prefixes it announces now: its routes and its bulk range (what the route budget counts). */
  get routeCount(): number {
    return this.table.size + this.bulkCount;
  }

  /**
   * Announce `routes`, or announce them again with new attributes: while
   * Established an UPDATE goes out at once (after whatever of the table is
   * still on its way); otherwise they are part of the table at the next
   * session. All or nothing: a route of the other family, a prefix that is
   * not one, a prefix of the bulk range, or growth the route budget refuses
   * throws NeighborRouteError and changes nothing. Returns how many it took.
   */
  announceRoutes(routes: readonly NeighborRoute[]): number {
    const keyed = routes.map((r) => {
      const key = this.prefixKey(r.prefix);
      if (key === null) {
        throw new NeighborRouteError(
          addressFamily(r.prefix) !== this.family
            ? `${r.prefix} is not an ${this.family === 'ipv4-unicast' ? 'IPv4' : 'IPv6'} prefix: the ${this.family === 'ipv4-unicast' ? 'IPv4' : 'IPv6'} neighbor ${this.spec.address} announces routes of its own family only`
            : `${r.prefix} is not a prefix with its host bits zero`,
        );
      }
      // The bulk range is sent after the listed routes and would hide a listed route of the same prefix.
      if (this.inBulkRange(key))
        throw new NeighborRouteError(
          `${key} is one of ${this.spec.address}'s bulk-routes; announce a prefix outside ${this.spec.bulkRoutes!.first} and the ${this.spec.bulkRoutes!.count - 1} that follow it`,
        );
      return { ...r, prefix: key };
    });
    const fresh = new Set(keyed.map((r) => r.prefix).filter((k) => !this.table.has(k))).size;
    if (fresh > 0 && this.admitted && this.admission?.resize) {
      const refused = this.admission.resize(this, fresh);
      if (refused !== null) throw new NeighborRouteError(refused, 'server');
    }
    for (const r of keyed) {
      this.table.set(r.prefix, r);
      this.changedPrefix(r.prefix);
    }
    this.pump();
    return keyed.length;
  }

  /**
   * Stop announcing `prefix`: while Established a withdrawal goes out at
   * once (after whatever is on its way); otherwise it is just not part of
   * the next session's table. False when it does not announce it (bulk-range
   * prefixes cannot be withdrawn one by one).
   */
  withdrawRoute(prefix: string): boolean {
    const key = this.prefixKey(prefix);
    if (key === null || !this.table.delete(key)) return false;
    if (this.admitted) this.admission?.resize?.(this, -1);
    this.changedPrefix(key);
    this.pump();
    return true;
  }

  /**
   * Stop announcing every prefix of `prefixes`, as `withdrawRoute` does, in
   * as few UPDATEs as they fit (the withdrawals go out together). All or
   * nothing: a prefix it does not announce (or given twice) throws
   * NeighborRouteError naming it and withdraws nothing. Returns how many.
   */
  withdrawRoutes(prefixes: readonly string[]): number {
    const keys = new Set<string>();
    for (const prefix of prefixes) {
      const key = this.prefixKey(prefix);
      if (key === null || !this.table.has(key)) {
        const bulk = this.bulkCount > 0 ? ' (bulk-routes cannot be withdrawn one by one)' : '';
        throw new NeighborRouteError(`${this.spec.address} does not announce ${prefix}${bulk}`, null, true);
      }
      if (keys.has(key)) throw new NeighborRouteError(`${prefix} is listed twice`);
      keys.add(key);
    }
    for (const key of keys) {
      this.table.delete(key);
      this.changedPrefix(key);
    }
    if (this.admitted && keys.size > 0) this.admission?.resize?.(this, -keys.size);
    this.pump();
    return keys.size;
  }

  /** A change to send on the live session, after what is already on its way. */
  private changedPrefix(key: string): void {
    if (this.sending) this.dirty.add(key);
  }

  /** `prefix` in the form the table keys it (IPv6 as on the wire), or null when it is not a prefix of the neighbor's family. */
  private prefixKey(prefix: string): string | null {
    const slash = prefix.lastIndexOf('/');
    if (slash < 0 || addressFamily(prefix) !== this.family) return null;
    const lengthText = prefix.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lengthText)) return null;
    if (this.family === 'ipv4-unicast') return bulkPrefixes(prefix, 1) ? prefix : null;
    const key = wireIpv6Prefix(prefix.slice(0, slash), Number(lengthText));
    // Host bits must be zero: the cleared form names the same address.
    return key !== null && wireIpv6Prefix(prefix.slice(0, slash), 128)?.split('/')[0] === key.split('/')[0] ? key : null;
  }

  private inBulkRange(key: string): boolean {
    const bulk = this.bulkCount > 0 ? this.spec.bulkRoutes! : null;
    const range = bulk ? bulkPrefixes(bulk.first, bulk.count) : null;
    if (!bulk || !range || Number(key.slice(key.indexOf('/') + 1)) !== range.length) return false;
    const start = scanIpv4(key, 0, key.indexOf('/'), true);
    return start >= range.start && start <= range.start + (bulk.count - 1) * range.step;
  }

  /**
   * Its routes, then End-of-RIB, paced by the socket's back-pressure (a big
   * table is generated as it goes). A refresh restarts the table from the top.
   */
  private announce(): void {
    // The table as it is now; a change from here on is sent after it (`dirty`).
    this.dirty.clear();
    this.announcing = this.updates([...this.table.values()]);
    this.pump();
  }

  /** Send what is on its way (the table dump), then the changes made since, as the socket takes them. */
  private pump(): void {
    this.sender.run();
  }

  /** The next UPDATE of what is on its way, if the socket takes it now; whether to go on. */
  private sendNext(): boolean {
    if (!this.sending || this.session.pendingBytes >= HIGH_WATER_BYTES) return false;
    const it = this.announcing ?? (this.dirty.size > 0 ? (this.announcing = this.changes()) : null);
    if (!it) return false;
    const next = it.next();
    if (next.done) {
      if (this.announcing === it) this.announcing = null;
      return true;
    }
    if (!this.session.sendUpdate(next.value)) {
      if (this.announcing === it) this.announcing = null;
      return false;
    }
    return true;
  }

  /**
   * The changed prefixes as they are in the table now, a batch at a time:
   * announced with their attributes, or withdrawn when gone. A prefix changed
   * again after its batch was made is in `dirty` again and goes out after it.
   */
  private *changes(): Generator<UpdateMessage> {
    while (this.dirty.size > 0) {
      const announced: { prefix: string; attributes: PathAttribute[] }[] = [];
      const withdrawn: string[] = [];
      for (const key of this.dirty) {
        this.dirty.delete(key);
        const route = this.table.get(key);
        if (route) announced.push({ prefix: key, attributes: this.attributesOf(route) });
        else withdrawn.push(key);
        if (announced.length + withdrawn.length >= MAX_PREFIXES_PER_UPDATE * 10) break;
      }
      yield* packUpdates(announced, withdrawn, this.family);
    }
  }

  /** The path attributes the neighbor sends a route with: its own AS first, itself as next hop. */
  private attributesOf(r: Omit<NeighborRoute, 'prefix'>): PathAttribute[] {
    const { asn, address } = this.spec;
    const { afi, safi } = FAMILY[this.family];
    const v6 = this.family === 'ipv6-unicast';
    const nextHop = v6 ? wireIpv6(address) : address;
    const attributes: PathAttribute[] = [
      { type: 'origin', value: 'igp' },
      { type: 'asPath', segments: [{ type: 'sequence', asns: [asn, ...(r.asPath ?? [])] }] },
    ];
    if (!v6) attributes.push({ type: 'nextHop', value: nextHop });
    if (r.med !== undefined) attributes.push({ type: 'multiExitDisc', value: r.med });
    if (r.communities?.length) attributes.push({ type: 'communities', values: r.communities });
    // RFC 4760 §3 / RFC 2545 §3: IPv6 routes and their global next hop travel in MP_REACH_NLRI (type 14, last in type order).
    if (v6) attributes.push({ type: 'mpReachNlri', afi, safi, nextHops: [nextHop], nlri: [] });
    return attributes;
  }

  /** The table dump: `table` (the routes as they were when it began), the bulk range, End-of-RIB. */
  private *updates(table: readonly NeighborRoute[]): Generator<UpdateMessage> {
    const { afi, safi } = FAMILY[this.family];
    yield* packUpdates(
      table.map((r) => ({ prefix: r.prefix, attributes: this.attributesOf(r) })),
      [],
      this.family,
    );
    const bulk = this.bulkCount > 0 ? this.spec.bulkRoutes : undefined;
    const range = bulk ? bulkPrefixes(bulk.first, bulk.count) : null;
    if (bulk && range) {
      const pathAttributes = this.attributesOf(bulk);
      // One UPDATE at a time, made when the socket can take it: the prefixes never all exist at once here.
      for (let i = 0; i < bulk.count; i += MAX_PREFIXES_PER_UPDATE) {
        const nlri: string[] = [];
        const end = Math.min(bulk.count, i + MAX_PREFIXES_PER_UPDATE);
        for (let j = i; j < end; j++) nlri.push(prefixText(range.start + j * range.step, range.length));
        yield { type: 'update', withdrawnRoutes: [], pathAttributes, nlri };
      }
    }
    yield endOfRib(afi, safi);
    for (const family of this.vpnFamiliesUp) {
      const routes = this.vpnRoutes.filter((r) => r.family === family);
      yield* packUpdates(
        routes.map((r) => ({ prefix: r.key, attributes: vpnRouteAttributes(r, this.spec.asn, this.spec.address), labels: vpnRouteLabels(r) })),
        [],
        family,
      );
      yield endOfRib(FAMILY[family].afi, FAMILY[family].safi);
    }
  }

  /** The VPN routes it announces (IPv4 neighbors only), as checked: each with its family and `RD:prefix` key. */
  vpnRouteList(): readonly KeyedVpnRoute[] {
    return this.vpnRoutes;
  }
}
