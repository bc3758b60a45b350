import { endOfRib } from '@bmp-lab/codec';
import type { PathAttribute } from '@bmp-lab/codec';
import type { Clock, StreamConnection } from '../bmp-client/transport.js';
import { BgpSession } from './bgp-session.js';
import type { BgpState } from './bgp-session.js';
import { packUpdates } from './pack-updates.js';

/** A route a lab neighbor announces. */
export interface NeighborRoute {
  prefix: string;
  /** AS_PATH after the neighbor's own AS (which it prepends itself). */
  asPath?: number[];
  med?: number;
  communities?: string[];
}

/** A BGP neighbor of the lab topology (DESIGN §3: 10.2.2.2 AS 200, 10.3.3.3 AS 300). */
export interface NeighborSpec {
  address: string;
  asn: number;
  /** The AS it expects the lab router to be in; any other is refused with Bad Peer AS. */
  expectAs: number;
  routes: NeighborRoute[];
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

  constructor(
    readonly spec: NeighborSpec,
    clock: Clock,
  ) {
    this.session = new BgpSession({
      clock,
      local: { asn: spec.asn, bgpId: spec.address },
      peer: { address: '', asn: spec.expectAs },
      dial: null,
      events: {
        stateChanged: (s) => (this.stateValue = s),
        established: () => this.announce(),
        update: () => {},
        down: () => {},
      },
    });
    this.session.start();
  }

  accept(connection: StreamConnection): void {
    this.session.accept(connection);
  }

  stop(): void {
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

  private announce(): void {
    const { asn, address } = this.spec;
    const routes = this.spec.routes.map((r) => {
      const attributes: PathAttribute[] = [
        { type: 'origin', value: 'igp' },
        { type: 'asPath', segments: [{ type: 'sequence', asns: [asn, ...(r.asPath ?? [])] }] },
        { type: 'nextHop', value: address },
      ];
      if (r.med !== undefined) attributes.push({ type: 'multiExitDisc', value: r.med });
      if (r.communities?.length) attributes.push({ type: 'communities', values: r.communities });
      return { prefix: r.prefix, attributes };
    });
    for (const u of packUpdates(routes, [])) this.session.sendUpdate(u);
    this.session.sendUpdate(endOfRib());
  }
}
