import type { BgpPeerConfig } from '../config/device-config.js';
import { canonicalAddress } from '../bgp/family.js';

/**
 * Hash indexes over the candidate's peer lists, so that each pasted `peer …`
 * line is one lookup instead of a scan of every peer (a 30,000-line paste
 * would otherwise cost n² comparisons). The configuration stays plain data:
 * an index belongs to one array, is rebuilt when it no longer matches the
 * array's length, and is kept in step by the helpers that append.
 */
const peersByAddress = new WeakMap<readonly BgpPeerConfig[], Map<string, BgpPeerConfig>>();
const enabledSets = new WeakMap<readonly string[], Set<string>>();

function peerIndex(peers: readonly BgpPeerConfig[]): Map<string, BgpPeerConfig> {
  let index = peersByAddress.get(peers);
  if (!index || index.size !== peers.length) {
    index = new Map(peers.map((p) => [canonicalAddress(p.address), p]));
    peersByAddress.set(peers, index);
  }
  return index;
}

/** The configured peer with this address (any IPv6 spelling). */
export function findPeer(peers: readonly BgpPeerConfig[], address: string): BgpPeerConfig | undefined {
  return peerIndex(peers).get(canonicalAddress(address));
}

/** Append a peer, keeping the index in step. */
export function addPeer(peers: BgpPeerConfig[], peer: BgpPeerConfig): void {
  const index = peerIndex(peers);
  peers.push(peer);
  index.set(canonicalAddress(peer.address), peer);
}

function enabledIndex(enabled: readonly string[]): Set<string> {
  let set = enabledSets.get(enabled);
  if (!set || set.size !== enabled.length) {
    set = new Set(enabled);
    enabledSets.set(enabled, set);
  }
  return set;
}

/** Enable a peer in an address family's list unless it already is (the list keeps its order). */
export function enablePeer(enabled: string[], address: string): void {
  const set = enabledIndex(enabled);
  if (set.has(address)) return;
  enabled.push(address);
  set.add(address);
}
