import { ZERO_DISTINGUISHER, endOfRibFamily } from '@bmp-lab/codec';
import { peerViewName } from '../rib/peer-view.js';
import type { BmpMessage, PerPeerHeader, PrefixList, UpdateMessage } from '@bmp-lab/codec';

const TERMINATION_REASONS = ['administratively closed', 'unspecified', 'out of resources', 'redundant connection', 'permanently closed'];

/** One line that says what a BMP message carries, for the station's message list. */
export function summarizeBmpMessage(m: BmpMessage<PrefixList>): string {
  switch (m.type) {
    case 'initiation': {
      const text = (type: 'sysName' | 'sysDescr') => {
        const tlv = m.tlvs.find((t) => t.type === type);
        return tlv && typeof tlv.value === 'string' ? tlv.value : undefined;
      };
      const name = text('sysName');
      const descr = text('sysDescr');
      return [name && `sysName=${name}`, descr && `sysDescr="${clip(descr, 60)}"`].filter(Boolean).join(' ');
    }
    case 'termination':
      return m.tlvs
        .map((t) => (t.type === 'reason' ? `reason=${TERMINATION_REASONS[t.reason] ?? t.reason}` : t.type === 'string' ? `"${clip(t.value, 60)}"` : `tlv ${t.code}`))
        .join(' ');
    case 'peer-up':
      return `${peer(m.peer)} local ${m.localAddress}:${m.localPort} remote port ${m.remotePort}`;
    case 'peer-down':
      return `${peer(m.peer)} reason ${m.reason.code} (${m.reason.kind})`;
    case 'route-monitoring':
      return `${peer(m.peer)} ${update(m.update)}`;
    case 'statistics-report':
      return `${peer(m.peer)} ${m.stats.length} counter${m.stats.length === 1 ? '' : 's'}`;
    case 'route-mirroring':
      return `${peer(m.peer)} ${m.tlvs.length} TLV${m.tlvs.length === 1 ? '' : 's'}`;
    case 'route-policy-trace':
      return `trace ${m.prefix}: ${m.events.map(traceEvent).join('; ') || 'no events'}`;
  }
}

const TRACE_CLASSES = ['inbound policy', 'outbound policy', 'MP redistribute', 'cross-VRF redistribute', 'VRF import', 'VRF export', 'network', 'aggregation', 'withdraw'];

/** One trace event in words: its class, peer and policies (`inbound policy from 10.2.2.2 [p1] changed`), or its text. */
function traceEvent(e: Extract<BmpMessage, { type: 'route-policy-trace' }>['events'][number]): string {
  const policy = e.tlvs.find((t) => t.type === 'policy');
  const text = e.tlvs.find((t) => t.type === 'string');
  if (!policy) return text ? `"${clip(text.value, 60)}"` : `event ${e.index}`;
  const outbound = policy.policyClass === 1;
  const names = policy.policies.map((p) => p.name).join(',');
  const verdict = !policy.matched ? '' : policy.permitted ? (policy.changed ? ' changed' : ' permit') : ' deny';
  return `${TRACE_CLASSES[policy.policyClass] ?? `class ${policy.policyClass}`} ${outbound ? 'to' : 'from'} ${policy.peerAddress}${names ? ` [${names}]` : ''}${verdict}`;
}

function peer(p: PerPeerHeader): string {
  if (p.peerType === 3) return `Loc-RIB AS ${p.asn}`;
  const rib = `${p.flags.adjRibOut ? 'out' : 'in'} ${p.flags.postPolicy ? 'post' : 'pre'}-policy`;
  return `peer ${p.address} AS ${p.asn} (${rib})`;
}

function update(u: UpdateMessage<PrefixList>): string {
  const family = endOfRibFamily(u);
  if (family) return `End-of-RIB (AFI ${family.afi}, SAFI ${family.safi})`;
  const reach = u.nlri.length + u.pathAttributes.reduce((n, a) => n + (a.type === 'mpReachNlri' ? a.nlri.length : 0), 0);
  const unreach = u.withdrawnRoutes.length + u.pathAttributes.reduce((n, a) => n + (a.type === 'mpUnreachNlri' ? a.withdrawnRoutes.length : 0), 0);
  return [reach && `${reach} announced`, unreach && `${unreach} withdrawn`].filter(Boolean).join(', ') || 'no prefixes';
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/**
 * The per-peer header of a message in words, for the message list: its peer
 * and which RIB it speaks for; with a non-zero Peer Distinguisher (a VPN
 * instance's peer or Loc-RIB, RFC 7854 §4.2 / RFC 9069) also the peer type and
 * the distinguisher (16 hex digits), which tell one instance from another.
 */
export function messagePeer(m: BmpMessage<PrefixList>): { peer: string | null; peerView: string | null; peerType?: number; distinguisher?: string } {
  if (m.type === 'initiation' || m.type === 'termination' || m.type === 'route-policy-trace') return { peer: null, peerView: null };
  const base = { peer: m.peer.address, peerView: peerViewName(m.peer) };
  return m.peer.distinguisher === ZERO_DISTINGUISHER ? base : { ...base, peerType: m.peer.peerType, distinguisher: m.peer.distinguisher.toLowerCase() };
}
