/**
 * A lab's topology (DESIGN §3). Issue 7 moves it to a YAML file; this is the
 * default lab every server starts with.
 */
export interface Topology {
  router: { sysname: string };
  /** Monitoring stations the lab owns, each listening on these ports. */
  stations: { address: string; ports: number[] }[];
  /** BGP neighbors (emulated by issue 5). */
  neighbors: { address: string; asNumber: number }[];
}

export const DEFAULT_TOPOLOGY: Topology = {
  router: { sysname: 'HUAWEI' },
  stations: [{ address: '10.1.1.1', ports: [1790, 1791] }],
  neighbors: [
    { address: '10.2.2.2', asNumber: 200 },
    { address: '10.3.3.3', asNumber: 300 },
  ],
};
