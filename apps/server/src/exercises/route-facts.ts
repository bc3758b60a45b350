import { decodeBmpMessage } from '@bmp-lab/codec';
import type { BmpMessage, PathAttribute, PrefixList } from '@bmp-lab/codec';
import type { RouteAttributesFact, RouteUpdateFact } from '@bmp-lab/exercises';

/** The compact form of an UPDATE's path attributes that route checks compare. */
export function routeAttributesFact(attributes: readonly PathAttribute<PrefixList>[]): RouteAttributesFact {
  const fact: RouteAttributesFact = { origin: null, asPath: [], nextHop: null, med: null, localPref: null, communities: [], originatorId: null, clusterList: [] };
  for (const a of attributes) {
    switch (a.type) {
      case 'origin':
        fact.origin = a.value;
        break;
      case 'asPath':
        fact.asPath = a.segments.flatMap((s) => s.asns);
        break;
      case 'nextHop':
        fact.nextHop = a.value;
        break;
      case 'mpReachNlri':
        fact.nextHop ??= a.nextHops[0] ?? null;
        break;
      case 'multiExitDisc':
        fact.med = a.value;
        break;
      case 'localPref':
        fact.localPref = a.value;
        break;
      case 'communities':
        fact.communities = [...a.values];
        break;
      // RFC 4456: what a route reflector adds, so a check can tell a reflected route.
      case 'originatorId':
        fact.originatorId = a.value;
        break;
      case 'clusterList':
        fact.clusterList = [...a.values];
        break;
      default:
        break;
    }
  }
  return fact;
}

/**
 * What a decoded Route Monitoring message announced and withdrew (NLRI and MP_REACH/MP_UNREACH), or null for other
 * types; prefixes decoded as runs become text here (a fact outlives the message's bytes).
 */
export function routeUpdateFact(message: BmpMessage<PrefixList>): RouteUpdateFact | null {
  if (message.type !== 'route-monitoring') return null;
  const u = message.update;
  const announced = [...u.nlri];
  const withdrawn = [...u.withdrawnRoutes];
  for (const a of u.pathAttributes) {
    if (a.type === 'mpReachNlri') announced.push(...a.nlri);
    else if (a.type === 'mpUnreachNlri') withdrawn.push(...a.withdrawnRoutes);
  }
  return { announced, withdrawn, attributes: announced.length > 0 ? routeAttributesFact(u.pathAttributes) : null };
}

/** What RouteFactLog needs of the station log. */
interface MessageLog {
  entries(): readonly { seq: number; type: string }[];
  bytes(seq: number): Uint8Array | undefined;
}

/**
 * The route facts of a lab's Route Monitoring messages, by station-log seq,
 * taken from the station's own decoding as each message arrives. Kept only
 * while an exercise with route checks is open, and only for messages the
 * station log still holds.
 */
export class RouteFactLog {
  private readonly bySeq = new Map<number, RouteUpdateFact>();

  get size(): number {
    return this.bySeq.size;
  }

  add(seq: number, message: BmpMessage<PrefixList>): void {
    const fact = routeUpdateFact(message);
    if (fact) this.bySeq.set(seq, fact);
  }

  get(seq: number): RouteUpdateFact | undefined {
    return this.bySeq.get(seq);
  }

  /**
   * Fill in the Route Monitoring messages from `sinceSeq` on that `add` never
   * saw, from the bytes the log kept: those restored with a lab after a
   * restart, or received before the exercise service was listening.
   */
  backfill(log: MessageLog, sinceSeq: number): void {
    for (const m of log.entries()) {
      if (m.seq < sinceSeq || m.type !== 'route-monitoring' || this.bySeq.has(m.seq)) continue;
      const bytes = log.bytes(m.seq);
      const decoded = bytes ? decodeBmpMessage(bytes) : null;
      if (decoded?.ok) this.add(m.seq, decoded.value);
    }
  }

  /** Forget the facts of messages before `seq`. */
  dropBefore(seq: number): void {
    for (const k of this.bySeq.keys()) if (k < seq) this.bySeq.delete(k);
  }

  clear(): void {
    this.bySeq.clear();
  }
}
