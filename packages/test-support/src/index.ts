// Test-only helpers shared by the workspaces' tests (vitest and Playwright).
// check-deps allows this package in devDependencies and test files only.
export { seededRandom, xorshift32 } from './random.js';
export { startGobgpd, GOBGPD } from './gobgpd.js';
export type { Gobgpd, GobgpdOptions, GobgpdNeighbor } from './gobgpd.js';
export { startPmbmpd, PMBMPD } from './pmbmpd.js';
export type { Pmbmpd, PmbmpdOptions } from './pmbmpd.js';
export { freePort, stopChild, waitFor } from './process.js';
export { PRE_POLICY_IPV4, locRibHeader, peerHeader } from './per-peer-headers.js';
export type { AdjRibPeerHeader, LocRibPeerHeader } from './per-peer-headers.js';
