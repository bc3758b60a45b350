import { renderConfig } from '@bmp-lab/router';
import type { Facts, MessageFact } from '@bmp-lab/exercises';
import type { Lab } from '../lab/lab.js';

/**
 * What checks see of a lab: the router's running configuration, sessions and
 * BGP peers (the router's side), and the station's received messages since
 * `sinceSeq` with the sysName of their connection (the wire's side: only what
 * the station's own log recorded).
 */
export function labFacts(lab: Lab, sinceSeq: number, timeScale: number): Facts {
  const messages: MessageFact[] = [];
  for (const m of lab.log.recent()) {
    if (m.seq < sinceSeq) continue;
    messages.push({
      seq: m.seq,
      receivedAt: m.receivedAt,
      station: m.station,
      type: m.type,
      peer: m.peer,
      peerView: m.peerView,
      summary: m.summary,
      sysName: lab.recorder.get(m.connection)?.sysName ?? null,
    });
  }
  return {
    config: renderConfig(lab.device.running),
    sessions: lab.device.bmpSessions().map((s) => ({
      address: s.id.address,
      vpnInstance: s.id.vpnInstance,
      alias: s.id.alias,
      port: s.port,
      state: s.state === 'up' ? 'up' : 'down',
      downReason: s.downReason,
      statisticsTimer: s.statisticsTimer,
    })),
    peers: lab.device.bgpPeers().map((p) => ({ address: p.address, asn: p.asn, state: p.state })),
    messages,
    timeScale,
  };
}
