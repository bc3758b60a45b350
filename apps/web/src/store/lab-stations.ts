import type { LabIdentity } from './state.js';

/**
 * The lab's identity with every station name of `seen` it did not list yet.
 * `welcome` names the stations once, when the page connects; an exercise may
 * add a station later, and the first the page hears of it is a router's
 * connection to it (`station.router`), so the header learns it from there.
 * The same object when nothing is new, so the header does not re-render.
 */
export function withStations(lab: LabIdentity | null, seen: readonly string[]): LabIdentity | null {
  if (lab === null) return lab;
  let added: string[] | null = null;
  for (const name of seen) {
    if (lab.stations.includes(name) || added?.includes(name)) continue;
    (added ??= []).push(name);
  }
  return added === null ? lab : { ...lab, stations: [...lab.stations, ...added] };
}
