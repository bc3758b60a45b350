import type { UpdateMessage } from '@bmp-lab/codec';

/**
 * Every prefix a Route Monitoring's UPDATE names, with its family and
 * whether it is announced: withdrawn routes, MP_UNREACH_NLRI, then NLRI and
 * MP_REACH_NLRI.
 */
export function forEachRoutePrefix(update: UpdateMessage, visit: (prefix: string, afi: number, safi: number, announced: boolean) => void): void {
  for (const p of update.withdrawnRoutes) visit(p, 1, 1, false);
  for (const a of update.pathAttributes) if (a.type === 'mpUnreachNlri') for (const p of a.withdrawnRoutes) visit(p, a.afi, a.safi, false);
  for (const p of update.nlri) visit(p, 1, 1, true);
  for (const a of update.pathAttributes) if (a.type === 'mpReachNlri') for (const p of a.nlri) visit(p, a.afi, a.safi, true);
}
