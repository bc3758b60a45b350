/**
 * The header's stations: the lab's, and apart the listener for routers
 * outside the lab (BMPLAB_COLLECTOR_LISTEN), which the server's `welcome`
 * names as `externalStation`.
 */
export function splitStations(names: readonly string[], externalStation: string | null): { lab: string[]; external: string[] } {
  const lab: string[] = [];
  const external: string[] = [];
  for (const n of names) (n === externalStation ? external : lab).push(n);
  return { lab, external };
}
