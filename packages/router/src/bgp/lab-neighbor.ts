import { CEASE_SUBCODE, NOTIFICATION_ERROR_CODE, encodeBgpMessage, endOfRib, numberToIpv4, scanIpv4 } from '@bmp-lab/codec';
import type { PathAttribute, UpdateMessage } from '@bmp-lab/codec';
import type { Clock, StreamConnection } from '../bmp-client/transport.js';
import { BgpSession } from './bgp-session.js';
import type { BgpState } from './bgp-session.js';
import { MAX_PREFIXES_PER_UPDATE, packUpdates } from './pack-updates.js';
import { FAMILY, addressFamily, wireIpv6, wireIpv6Prefix } from './family.js';
import type { BgpFamily } from './family.js';

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
 * announces its routes followed by End-of-RIB. It runs the same FSM as the
 * router's side, over a real TCP connection.
 */
export class LabNeighbor {
  private readonly session: BgpSession;
  stateValue: BgpState = 'Idle';
  private upValue = true;
  /** What is left to announce on the current session, sent as the socket takes it. */
  private announcing: Iterator<UpdateMessage> | null = null;

  private readonly family: BgpFamily;
  private stopped = false;
  /** The current session was admitted (its table counts until it ends). */
  private admitted = false;

  constructor(
    readonly spec: NeighborSpec,
    clock: Clock,
    private readonly admission: NeighborAdmission | null = null,
  ) {
    this.family = addressFamily(spec.address);
    const { afi, safi } = FAMILY[this.family];
    this.session = new BgpSession({
      clock,
      local: { asn: spec.asn, bgpId: spec.routerId ?? spec.address, families: [{ afi, safi }] },
      peer: { address: '', asn: spec.expectAs },
      dial: null,
      events: {
        stateChanged: (s) => {
          this.stateValue = s;
          if (s !== 'Established') this.announcing = null;
          if (s === 'Idle' && this.admitted) {
            this.admitted = false;
            this.admission?.release(this);
          }
        },
        // RFC 4760 §8: routes only in a family both OPENs carry.
        established: (info) => {
          if (info.families.length > 0) this.announce();
        },
        update: () => {},
        down: () => {},
        drain: () => this.pump(),
        // RFC 2918: the router asked for our routes again (its import policy changed): send the table anew.
        routeRefresh: () => this.announce(),
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

  /**
   * Its routes, then End-of-RIB, paced by the socket's back-pressure (a big
   * table is generated as it goes). A refresh restarts the table from the top.
   */
  private announce(): void {
    this.announcing = this.updates();
    this.pump();
  }

  private pump(): void {
    const it = this.announcing;
    while (it && this.announcing === it && this.session.pendingBytes < HIGH_WATER_BYTES) {
      const next = it.next();
      if (next.done || !this.session.sendUpdate(next.value)) {
        if (this.announcing === it) this.announcing = null;
        return;
      }
    }
  }

  private *updates(): Generator<UpdateMessage> {
    const { asn, address } = this.spec;
    const family = this.family;
    const { afi, safi } = FAMILY[family];
    const v6 = family === 'ipv6-unicast';
    const nextHop = v6 ? wireIpv6(address) : address;
    const attributesOf = (r: Omit<NeighborRoute, 'prefix'>): PathAttribute[] => {
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
    };
    const prefix = (p: string) => (v6 ? (wireIpv6Prefix(p.slice(0, p.lastIndexOf('/')), Number(p.slice(p.lastIndexOf('/') + 1))) ?? p) : p);
    // Only the routes of the neighbor's own family (the topology loader refuses others).
    const own = this.spec.routes.filter((r) => addressFamily(r.prefix) === family);
    yield* packUpdates(own.map((r) => ({ prefix: prefix(r.prefix), attributes: attributesOf(r) })), [], family);
    const bulk = v6 ? undefined : this.spec.bulkRoutes;
    const range = bulk ? bulkPrefixes(bulk.first, bulk.count) : null;
    if (bulk && range) {
      const pathAttributes = attributesOf(bulk);
      // One UPDATE at a time, made when the socket can take it: the prefixes never all exist at once here.
      for (let i = 0; i < bulk.count; i += MAX_PREFIXES_PER_UPDATE) {
        const nlri: string[] = [];
        const end = Math.min(bulk.count, i + MAX_PREFIXES_PER_UPDATE);
        for (let j = i; j < end; j++) nlri.push(prefixText(range.start + j * range.step, range.length));
        yield { type: 'update', withdrawnRoutes: [], pathAttributes, nlri };
      }
    }
    yield endOfRib(afi, safi);
  }
}
