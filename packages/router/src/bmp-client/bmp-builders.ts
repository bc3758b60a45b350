import { STATISTICS_TYPE, ZERO_DISTINGUISHER, endOfRib } from '@bmp-lab/codec';
import type { BmpMessage, OpenMessage, PeerDownReason, PerPeerHeader, Statistic } from '@bmp-lab/codec';
import type { BgpDownReason } from '../bgp/bgp-session.js';
import type { BgpPeerStatus, PeerCounters } from '../bgp/bgp-instance.js';
import type { Route } from '../bgp/route.js';
import { packUpdates } from '../bgp/pack-updates.js';
import type { Feed } from './feeds.js';
import { FAMILY, isIpv6Address, wireIpv6 } from '../bgp/family.js';
import type { BgpFamily } from '../bgp/family.js';

/** The device as a Loc-RIB instance sees it (RFC 9069). */
export interface LocalIdentity {
  asn: number;
  bgpId: string;
}

/**
 * Per-peer header of a feed (RFC 7854 §4.2; RFC 8671 O flag; RFC 9069 peer
 * type 3). The V flag says the peer's address is IPv6 (whatever family the
 * routes are of); the Loc-RIB instance's address is zero. A VPN instance's
 * peer is an RD instance peer (type 1) and its Loc-RIB a type 3 peer, both
 * with the instance's RD as Peer Distinguisher (`distinguisher`, 16 hex
 * digits, RFC 4364 §4.2 encoding); the public network's use zero.
 */
export function perPeerHeader(feed: Feed, peer: BgpPeerStatus | null, local: LocalIdentity, at: number, distinguisher: string = ZERO_DISTINGUISHER): PerPeerHeader {
  const time = { timestampSeconds: Math.floor(at / 1000), timestampMicroseconds: (at % 1000) * 1000 };
  if (feed.rib === 'loc-rib' || !peer) {
    return {
      peerType: 3,
      flags: { filtered: false },
      distinguisher,
      address: '0.0.0.0',
      asn: local.asn,
      bgpId: local.bgpId,
      ...time,
    };
  }
  const ipv6 = isIpv6Address(peer.address);
  return {
    peerType: feed.vpnInstance === null ? 0 : 1,
    flags: { ipv6, postPolicy: feed.postPolicy, legacyAsPath: false, adjRibOut: feed.rib === 'adj-rib-out' },
    distinguisher,
    address: ipv6 ? wireIpv6(peer.address) : peer.address,
    asn: peer.asn,
    bgpId: peer.established?.peerBgpId ?? '0.0.0.0',
    ...time,
  };
}

/**
 * Peer Up (RFC 7854 §4.10) with both OPENs; for the Loc-RIB, RFC 9069 §5.1's
 * form with its VRF/Table name: `global` for the public network, the VPN
 * instance's name for an instance's Loc-RIB.
 */
export function peerUp(feed: Feed, peer: BgpPeerStatus | null, local: LocalIdentity, at: number, distinguisher: string = ZERO_DISTINGUISHER): BmpMessage | null {
  const header = perPeerHeader(feed, peer, local, at, distinguisher);
  if (feed.rib === 'loc-rib') {
    const open: OpenMessage = {
      type: 'open',
      version: 4,
      myAsn: local.asn > 0xffff ? 23456 : local.asn,
      holdTime: 0,
      bgpId: local.bgpId,
      parameters: [{ type: 'capabilities', capabilities: [{ type: 'fourOctetAs', asn: local.asn }] }],
    };
    return {
      type: 'peer-up',
      peer: header,
      localAddress: '0.0.0.0',
      localPort: 0,
      remotePort: 0,
      sentOpen: open,
      receivedOpen: open,
      tlvs: [{ type: 'vrfTableName', value: feed.vpnInstance ?? 'global' }],
    };
  }
  const e = peer?.established;
  if (!e) return null;
  return {
    type: 'peer-up',
    peer: header,
    localAddress: e.localAddress,
    localPort: e.localPort,
    remotePort: e.remotePort,
    sentOpen: e.sentOpen,
    receivedOpen: e.receivedOpen,
    tlvs: [],
  };
}

/**
 * Route Monitoring messages for routes and withdrawals of one family,
 * prefixes with equal attributes packed together (IPv6 in MP_REACH_NLRI and
 * MP_UNREACH_NLRI, as BGP carries them).
 */
export function routeMonitoring(header: PerPeerHeader, announced: readonly Route[], withdrawn: readonly string[], family: BgpFamily = 'ipv4-unicast'): BmpMessage[] {
  return packUpdates(announced, withdrawn, family).map((update) => ({ type: 'route-monitoring', peer: header, update }));
}

/** End-of-RIB of a family's table (RFC 7854 §4.6 with RFC 4724 §2's marker). */
export function endOfRibMessage(header: PerPeerHeader, family: BgpFamily = 'ipv4-unicast'): BmpMessage {
  const { afi, safi } = FAMILY[family];
  return { type: 'route-monitoring', peer: header, update: endOfRib(afi, safi) };
}

/** RFC 7854 §4.9 reasons from the BGP session's own account. */
export function peerDownReason(reason: BgpDownReason): PeerDownReason {
  switch (reason.kind) {
    case 'local-notification':
      return { kind: 'local-notification', code: 1, notification: reason.notification };
    case 'local-no-notification':
      return { kind: 'local-no-notification', code: 2, fsmEvent: reason.fsmEvent };
    case 'remote-notification':
      return { kind: 'remote-notification', code: 3, notification: reason.notification };
    case 'remote-no-notification':
      return { kind: 'remote-no-notification', code: 4 };
  }
}

export function peerDown(header: PerPeerHeader, reason: PeerDownReason): BmpMessage {
  return { type: 'peer-down', peer: header, reason };
}

/**
 * Statistics Report for the feeds that share one per-peer header (one
 * family each), with real counts from the RIBs: the all-families gauge (type
 * 7, 8, 14 or 15) is their sum, and each family has its own per-AFI/SAFI
 * gauge (type 9, 10, 16 or 17, RFC 7854 §4.8, RFC 8671 §5, RFC 9069 §5.3).
 */
export function statisticsReport(header: PerPeerHeader, feeds: readonly { feed: Feed; routes: number }[], counters: PeerCounters | null): BmpMessage {
  const gauge = (type: number, n: number): Statistic => ({ kind: 'gauge', type, value: BigInt(n) });
  const perFamily = (type: number): Statistic[] =>
    feeds.map(({ feed, routes }) => ({ kind: 'afiSafiGauge', type, afi: FAMILY[feed.family].afi, safi: FAMILY[feed.family].safi, value: BigInt(routes) }));
  const total = feeds.reduce((n, f) => n + f.routes, 0);
  const first = feeds[0]!.feed;
  let stats: Statistic[];
  if (first.rib === 'loc-rib') {
    stats = [gauge(STATISTICS_TYPE.ROUTES_IN_LOC_RIB, total), ...perFamily(STATISTICS_TYPE.ROUTES_IN_PER_AFI_SAFI_LOC_RIB)];
  } else if (first.rib === 'adj-rib-out') {
    const [all, family] = first.postPolicy
      ? [STATISTICS_TYPE.ROUTES_IN_POST_POLICY_ADJ_RIB_OUT, STATISTICS_TYPE.ROUTES_IN_PER_AFI_SAFI_POST_POLICY_ADJ_RIB_OUT]
      : [STATISTICS_TYPE.ROUTES_IN_PRE_POLICY_ADJ_RIB_OUT, STATISTICS_TYPE.ROUTES_IN_PER_AFI_SAFI_PRE_POLICY_ADJ_RIB_OUT];
    stats = [gauge(all, total), ...perFamily(family)];
  } else {
    stats = [
      { kind: 'counter', type: STATISTICS_TYPE.PREFIXES_REJECTED_BY_INBOUND_POLICY, value: counters?.rejectedByPolicy ?? 0 },
      { kind: 'counter', type: STATISTICS_TYPE.DUPLICATE_PREFIX_ADVERTISEMENTS, value: counters?.duplicateAdvertisements ?? 0 },
      { kind: 'counter', type: STATISTICS_TYPE.DUPLICATE_WITHDRAWS, value: counters?.duplicateWithdraws ?? 0 },
      gauge(STATISTICS_TYPE.ROUTES_IN_ADJ_RIBS_IN, total),
      ...perFamily(STATISTICS_TYPE.ROUTES_IN_PER_AFI_SAFI_ADJ_RIB_IN),
    ];
  }
  return { type: 'statistics-report', peer: header, stats };
}
