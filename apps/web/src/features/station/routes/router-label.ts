import type { StationRouterView } from '@bmp-lab/protocol';

/**
 * A station connection as the Routes tab names it: `R1 (10.1.1.1:50000)`
 * when the router's Initiation gave a sysName, else its endpoint. A lab of
 * several routers reports to one station, so the endpoint alone would leave
 * the trainee guessing which router a column or a row came from.
 */
export function routerLabel(card: Pick<StationRouterView, 'sysName' | 'router'>): string {
  return card.sysName === null || card.sysName === '' ? card.router : `${card.sysName} (${card.router})`;
}

const labelsCache = new WeakMap<object, string>();

/**
 * Every card's label, keyed by id, as one string: a selector that returns it
 * re-renders the Routes tab only when a name changes, not on each card
 * refresh (those come every 250 ms while routes arrive).
 */
export function routerLabelsKey(cards: Readonly<Record<string, StationRouterView>>): string {
  let key = labelsCache.get(cards);
  if (key === undefined) {
    const labels: Record<string, string> = {};
    for (const id of Object.keys(cards).sort()) labels[id] = routerLabel(cards[id]!);
    key = JSON.stringify(labels);
    labelsCache.set(cards, key);
  }
  return key;
}

/** The namer of a {@link routerLabelsKey}: an id it does not hold stays as it is. */
export function routerNamerOfKey(key: string): (id: string) => string {
  const labels = JSON.parse(key) as Record<string, string>;
  return (id) => (Object.hasOwn(labels, id) ? labels[id]! : id);
}
