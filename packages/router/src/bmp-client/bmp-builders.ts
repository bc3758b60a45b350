import { AFI, SAFI, STATISTICS_TYPE, ZERO_DISTINGUISHER, endOfRib } from '@bmp-lab/codec';
import type { BmpMessage, OpenMessage, PeerDownReason, PerPeerHeader, Statistic } from '@bmp-lab/codec';
import type { BgpDownReason } from '../bgp/bgp-session.js';
import type { BgpPeerStatus, PeerCounters } from '../bgp/bgp-instance.js';
import type { Route } from '../bgp/route.js';
import { packUpdates } from '../bgp/pack-updates.js';
import type { Feed } from './feeds.js';

/** The device as a Loc-RIB instance sees it (RFC 9069). */
export interface LocalIdentity {
  asn: number;
  bgpId: string;
}

/** Per-peer header of a feed (RFC 7854 §4.2; RFC 8671 O flag; RFC 9069 peer type 3). */
export function perPeerHeader(feed: Feed, peer: BgpPeerStatus | null, local: LocalIdentity, at: number): PerPeerHeader {
  const time = { timestampSeconds: Math.floor(at / 1000), timestampMicroseconds: (at % 1000) * 1000 };
  if (feed.rib === 'loc-rib' || !peer) {
    return {
      peerType: 3,
      flags: { filtered: false },
      distinguisher: ZERO_DISTINGUISHER,
      address: '0.0.0.0',
      asn: local.asn,
      bgpId: local.bgpId,
      ...time,
    };
  }
  return {
    peerType: 0,
    flags: { ipv6: false, postPolicy: feed.postPolicy, legacyAsPath: false, adjRibOut: feed.rib === 'adj-rib-out' },
    distinguisher: ZERO_DISTINGUISHER,
    address: peer.address,
    asn: peer.asn,
    bgpId: peer.established?.peerBgpId ?? '0.0.0.0',
    ...time,
  };
}

/** Peer Up (RFC 7854 §4.10) with both OPENs; for the Loc-RIB, RFC 9069 §5.1's form with its VRF/Table name. */
export function peerUp(feed: Feed, peer: BgpPeerStatus | null, local: LocalIdentity, at: number): BmpMessage | null {
  const header = perPeerHeader(feed, peer, local, at);
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
      tlvs: [{ type: 'vrfTableName', value: 'global' }],
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

/** Route Monitoring messages for routes and withdrawals, prefixes with equal attributes packed together. */
export function routeMonitoring(header: PerPeerHeader, announced: readonly Route[], withdrawn: readonly string[]): BmpMessage[] {
  return packUpdates(announced, withdrawn).map((update) => ({ type: 'route-monitoring', peer: header, update }));
}

export function endOfRibMessage(header: PerPeerHeader): BmpMessage {
  return { type: 'route-monitoring', peer: header, update: endOfRib(AFI.IPV4, SAFI.UNICAST) };
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


/** Statistics Report for one feed, with real counts from the RIBs. */
export function statisticsReport(header: PerPeerHeader, feed: Feed, routes: number, counters: PeerCounters | null): BmpMessage {
  const gauge = (type: number, n: number): Statistic => ({ kind: 'gauge', type, value: BigInt(n) });
  const perFamily = (type: number, n: number): Statistic => ({ kind: 'afiSafiGauge', type, afi: AFI.IPV4, safi: SAFI.UNICAST, value: BigInt(n) });
  let stats: Statistic[];
  if (feed.rib === 'loc-rib') {
    stats = [gauge(STATISTICS_TYPE.ROUTES_IN_LOC_RIB, routes), perFamily(STATISTICS_TYPE.ROUTES_IN_PER_AFI_SAFI_LOC_RIB, routes)];
  } else if (feed.rib === 'adj-rib-out') {
    const [all, family] = feed.postPolicy
      ? [STATISTICS_TYPE.ROUTES_IN_POST_POLICY_ADJ_RIB_OUT, STATISTICS_TYPE.ROUTES_IN_PER_AFI_SAFI_POST_POLICY_ADJ_RIB_OUT]
      : [STATISTICS_TYPE.ROUTES_IN_PRE_POLICY_ADJ_RIB_OUT, STATISTICS_TYPE.ROUTES_IN_PER_AFI_SAFI_PRE_POLICY_ADJ_RIB_OUT];
    stats = [gauge(all, routes), perFamily(family, routes)];
  } else {
    stats = [
      { kind: 'counter', type: STATISTICS_TYPE.PREFIXES_REJECTED_BY_INBOUND_POLICY, value: counters?.rejectedByPolicy ?? 0 },
      { kind: 'counter', type: STATISTICS_TYPE.DUPLICATE_PREFIX_ADVERTISEMENTS, value: counters?.duplicateAdvertisements ?? 0 },
      { kind: 'counter', type: STATISTICS_TYPE.DUPLICATE_WITHDRAWS, value: counters?.duplicateWithdraws ?? 0 },
      gauge(STATISTICS_TYPE.ROUTES_IN_ADJ_RIBS_IN, routes),
      perFamily(STATISTICS_TYPE.ROUTES_IN_PER_AFI_SAFI_ADJ_RIB_IN, routes),
    ];
  }
  return { type: 'statistics-report', peer: header, stats };
}
