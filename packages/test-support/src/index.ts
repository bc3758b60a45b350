// Test-only helpers shared by the workspaces' tests (vitest and Playwright).
// check-deps allows this package in devDependencies and test files only.
export { seededRandom, xorshift32 } from './random.js';
export { startGobgpd, GOBGPD } from './gobgpd.js';
export type { Gobgpd, GobgpdOptions, GobgpdNeighbor } from './gobgpd.js';
export { startPmbmpd, PMBMPD, PMBMPD_PROBLEM } from './pmbmpd.js';
export { readPcap, TSHARK, WIRESHARK_PROBLEMS } from './tshark.js';
export type { PcapReader } from './tshark.js';
export type { Pmbmpd, PmbmpdOptions } from './pmbmpd.js';
export { freePort, stopChild, waitFor } from './process.js';
export { PE_VPN_MONITOR_LINES, PE_VPNV4_LINES, VPNA_CE_LINES } from './vpn-lines.js';
export { PRE_POLICY_IPV4, locRibHeader, peerHeader } from './per-peer-headers.js';
export type { AdjRibPeerHeader, LocRibPeerHeader } from './per-peer-headers.js';
export { basicIpv4Attributes } from './route-attributes.js';
