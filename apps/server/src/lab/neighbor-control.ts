import { formatIpv6, ipv6ToBytes, isIpv6 } from '@bmp-lab/codec';
import { NeighborRouteError } from '@bmp-lab/router';
import type { LabNeighbor, NeighborRoute } from '@bmp-lab/router';
import { currentTopologyLimits } from './budgets.js';
import { routeToData } from './topology.js';
import type { routeSchema } from './topology.js';
import type { z } from 'zod';

/** The neighbors of one lab, by lab address (LabNeighborSet and Lab implement it). */
export interface LabNeighbors {
  neighborList(): readonly LabNeighbor[];
  neighbor(address: string): LabNeighbor | undefined;
}

/** What GET /api/labs/<id>/neighbors says of one neighbor (API.md, "Lab neighbors"). */
export interface NeighborEntry {
  address: string;
  asn: number;
  /** Accepting sessions (not brought down). */
  up: boolean;
  /** Its BGP FSM state. */
  state: string;
  /** The routes it announces now, its bulk range aside. */
  routes: z.infer<typeof routeSchema>[];
  /** How many bulk-generated prefixes it also announces. */
  bulkRoutes: number;
}

export function neighborEntry(n: LabNeighbor): NeighborEntry {
  return { address: n.spec.address, asn: n.spec.asn, up: n.up, state: n.stateValue, routes: n.routes().map(routeToData), bulkRoutes: n.bulkCount };
}

/** An address as the topology keeps it (IPv6 in RFC 5952 form), to look a neighbor up however it was spelt. */
export function neighborKey(address: string): string {
  return isIpv6(address) ? formatIpv6(ipv6ToBytes(address)) : address;
}

/**
 * Announce `routes` on `neighbor` (or again, with new attributes). The lab's
 * table as a whole stays within BMPLAB_MAX_ROUTES_PER_LAB, counted like a
 * topology file's (every neighbor's routes and bulk range, up or not); the
 * neighbor's live session also asks the server's live budget for the routes
 * it adds (budgets.ts `resize`). Throws NeighborRouteError saying why not.
 */
export function announceRoutes(lab: LabNeighbors, neighbor: LabNeighbor, routes: readonly NeighborRoute[]): number {
  const fresh = new Set(routes.filter((r) => !neighbor.announces(r.prefix)).map((r) => r.prefix)).size;
  const { maxRoutesPerLab } = currentTopologyLimits();
  const total = lab.neighborList().reduce((sum, n) => sum + n.routeCount, 0);
  if (total + fresh > maxRoutesPerLab) {
    throw new NeighborRouteError(
      `${fresh} more routes would take the lab's neighbors from ${total} routes (routes and bulk-routes) to ${total + fresh}, more than the ${maxRoutesPerLab} one lab may have (BMPLAB_MAX_ROUTES_PER_LAB); withdraw some first`,
      'lab',
    );
  }
  return neighbor.announceRoutes(routes);
}
