import type { NeighborSpec } from '@bmp-lab/router';

/**
 * A lab's topology (DESIGN §3). Issue 7 moves it to a YAML file; this is the
 * default lab every server starts with.
 */
export interface Topology {
  router: { sysname: string };
  /** Monitoring stations the lab owns, each listening on these ports. */
  stations: { address: string; ports: number[] }[];
  /** BGP neighbors of the router, played by the lab. */
  neighbors: NeighborSpec[];
}

/**
 * The default lab: the seed's station 10.1.1.1 (1790, and 1791 for the alias
 * case) and two eBGP neighbors that expect the router in AS 100. Their
 * prefixes are documentation and benchmarking ranges: bytes in messages,
 * never destinations. 198.18.0.0/24 is announced by both, so best-path
 * selection has something to choose (the shorter AS_PATH via AS 200 wins).
 */
export const DEFAULT_TOPOLOGY: Topology = {
  router: { sysname: 'HUAWEI' },
  stations: [{ address: '10.1.1.1', ports: [1790, 1791] }],
  neighbors: [
    {
      address: '10.2.2.2',
      asn: 200,
      expectAs: 100,
      routes: [
        { prefix: '203.0.113.0/24', med: 10, communities: ['200:1'] },
        { prefix: '198.18.0.0/24', med: 10, communities: ['200:1'] },
        { prefix: '198.18.1.0/24', med: 10, communities: ['200:1'] },
        { prefix: '192.0.2.128/25', asPath: [64510], communities: ['200:2'] },
      ],
    },
    {
      address: '10.3.3.3',
      asn: 300,
      expectAs: 100,
      routes: [
        { prefix: '198.51.100.0/24', communities: ['300:1'] },
        { prefix: '198.18.0.0/24', asPath: [64520], communities: ['300:1'] },
        { prefix: '198.18.2.0/24', communities: ['300:1'] },
        { prefix: '198.18.3.0/24', communities: ['300:1'] },
      ],
    },
  ],
};
