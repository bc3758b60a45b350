import { AFI, SAFI, ZERO_DISTINGUISHER, TRACE_POLICY_CLASS, formatIpv4Prefix, ipv4Netmask, ipv4ToNumberAllowingLeadingZeros } from '@bmp-lab/codec';
import type { PathAttribute, RoutePolicyTraceMessage, TraceEventTlv } from '@bmp-lab/codec';
import type { RibChange } from '../bgp/bgp-instance.js';
import { attributesKey, type Route } from '../bgp/route.js';
import { canonicalAddress } from '../bgp/family.js';
import type { TracePrefix } from '../config/device-config.js';

/** What the tracer asks of the device: its BGP ID, a peer's identity, a peer's policy names, the time. */
export interface TraceView {
  bgpId(): string;
  peer(address: string): { asn: number; bgpId: string } | null;
  /** The route-policy (or ip-prefix) name bound to a peer in IPv4 unicast, or null. */
  policy(address: string, direction: 'import' | 'export'): string | null;
  now(): number;
}

/**
 * Turns RIB changes of traced IPv4 unicast prefixes into Huawei's Route
 * Policy and Attribute Trace messages (BMP type 100,
 * draft-xu-grow-bmp-route-policy-attr-trace), one message per step, in the
 * order the route goes through the device:
 * - received from a peer, through its import policy (class "inbound policy";
 *   the pre-policy attributes are what the peer sent, the post-policy ones
 *   what the policy made of them; M/P/D say whether a policy matched,
 *   permitted and changed the route);
 * - selected into the Loc-RIB (⚠ INFERRED: the draft has no class for best-path
 *   selection, so this event has no policy TLV, only the selected attributes and
 *   a string TLV); a `network` route enters here with class "network";
 * - advertised to a peer, through its export policy (class "outbound policy").
 * A withdrawal from a peer or to a peer is class "route withdraw". Every event
 * carries the VRF TLV of the public network (ID 0, `_public_`, ⚠ INFERRED).
 */
export class RouteTracer {
  private all = false;
  private readonly prefixes = new Set<string>();
  /** Pre-policy Adj-RIB-Out attributes of traced prefixes, by `peer|prefix`: the "before" of the next outbound event. */
  private readonly outPre = new Map<string, PathAttribute[]>();

  constructor(private readonly view: TraceView) {}

  /** The session's `trace-prefix` lines of `ipv4 unicast`. */
  setPrefixes(list: readonly TracePrefix[]): void {
    this.all = list.includes('all');
    this.prefixes.clear();
    for (const p of list) if (p !== 'all') this.prefixes.add(networkOf(p));
    for (const key of this.outPre.keys()) if (!this.traced(key.slice(key.indexOf('|') + 1))) this.outPre.delete(key);
  }

  get active(): boolean {
    return this.all || this.prefixes.size > 0;
  }

  traced(prefix: string): boolean {
    return this.all || this.prefixes.has(prefix);
  }

  /** The trace messages one RIB change produces (none for untraced prefixes and other families). */
  changed(change: RibChange): RoutePolicyTraceMessage[] {
    if (!this.active || change.family !== 'ipv4-unicast') return [];
    const out: RoutePolicyTraceMessage[] = [];
    const peer = change.peer;
    if (change.rib === 'adj-rib-in' && change.stage === 'post-policy' && peer !== null) {
      for (const r of change.announced) if (this.traced(r.prefix)) out.push(this.inbound(peer, r));
      for (const p of change.withdrawn) if (this.traced(p)) out.push(this.withdraw(peer, p));
    } else if (change.rib === 'loc-rib') {
      for (const r of change.announced) if (this.traced(r.prefix)) out.push(this.selected(r));
    } else if (change.rib === 'adj-rib-out' && peer !== null) {
      if (change.stage === 'pre-policy') {
        for (const r of change.announced) if (this.traced(r.prefix)) this.outPre.set(`${peer}|${r.prefix}`, r.attributes);
        for (const p of change.withdrawn) this.outPre.delete(`${peer}|${p}`);
      } else {
        for (const r of change.announced) if (this.traced(r.prefix)) out.push(this.outbound(peer, r));
        for (const p of change.withdrawn) if (this.traced(p)) out.push(this.withdraw(peer, p));
      }
    }
    return out;
  }

  private inbound(peer: string, r: Route): RoutePolicyTraceMessage {
    const before = r.received ?? r.attributes;
    const policy = this.view.policy(peer, 'import');
    return this.message(r.prefix, [
      this.policyTlv(TRACE_POLICY_CLASS.INBOUND, peer, policy, before !== r.attributes && attributesKey(before) !== attributesKey(r.attributes)),
      { type: 'pre-policy-attributes', attributes: before },
      { type: 'post-policy-attributes', attributes: r.attributes },
    ]);
  }

  private outbound(peer: string, r: Route): RoutePolicyTraceMessage {
    const before = this.outPre.get(`${peer}|${r.prefix}`);
    const policy = this.view.policy(peer, 'export');
    const tlvs: TraceEventTlv[] = [this.policyTlv(TRACE_POLICY_CLASS.OUTBOUND, peer, policy, before !== undefined && attributesKey(before) !== attributesKey(r.attributes))];
    if (before) tlvs.push({ type: 'pre-policy-attributes', attributes: before });
    tlvs.push({ type: 'post-policy-attributes', attributes: r.attributes });
    return this.message(r.prefix, tlvs);
  }

  private selected(r: Route): RoutePolicyTraceMessage {
    if (r.source.kind === 'local') {
      return this.message(r.prefix, [
        {
          type: 'policy',
          matched: false,
          permitted: true,
          changed: false,
          policyClass: TRACE_POLICY_CLASS.NETWORK,
          peerAddress: '0.0.0.0',
          peerBgpId: this.view.bgpId(),
          peerAsn: 0,
          policies: [],
        },
        { type: 'post-policy-attributes', attributes: r.attributes },
      ]);
    }
    return this.message(r.prefix, [
      { type: 'post-policy-attributes', attributes: r.attributes },
      { type: 'string', value: `selected as the best route into the Loc-RIB (from ${r.source.address})` },
    ]);
  }

  private withdraw(peer: string, prefix: string): RoutePolicyTraceMessage {
    this.outPre.delete(`${peer}|${prefix}`);
    return this.message(prefix, [this.policyTlv(TRACE_POLICY_CLASS.ROUTE_WITHDRAW, peer, null, false)]);
  }

  /** M set when a policy is bound (a route that reaches a post-policy table was permitted by it); D when it changed the attributes. */
  private policyTlv(policyClass: number, peer: string, policy: string | null, changed: boolean): TraceEventTlv {
    const id = this.view.peer(peer);
    return {
      type: 'policy',
      matched: policy !== null,
      permitted: true,
      changed,
      policyClass,
      peerAddress: canonicalAddress(peer),
      peerBgpId: id?.bgpId ?? '0.0.0.0',
      peerAsn: id?.asn ?? 0,
      policies: policy === null ? [] : [{ name: policy, id: '' }],
    };
  }

  private message(prefix: string, tlvs: TraceEventTlv[]): RoutePolicyTraceMessage {
    const now = this.view.now();
    return {
      type: 'route-policy-trace',
      ipv6: false,
      distinguisher: ZERO_DISTINGUISHER,
      prefix,
      bgpId: this.view.bgpId(),
      events: [
        {
          index: 0,
          timestampSeconds: Math.floor(now / 1000),
          timestampMicroseconds: (now % 1000) * 1000,
          pathId: 0,
          afi: AFI.IPV4,
          safi: SAFI.UNICAST,
          tlvs: [{ type: 'vrf', id: 0, name: '_public_' }, ...tlvs],
        },
      ],
    };
  }
}

/** `10.1.1.1/24` → `10.1.1.0/24`: the RIB's key for a typed prefix (host bits cleared). */
export function networkOf(prefix: string): string {
  const [address, len] = prefix.split('/') as [string, string];
  const bits = Number(len);
  const n = ipv4ToNumberAllowingLeadingZeros(address) ?? 0;
  return formatIpv4Prefix((n & ipv4Netmask(bits)) >>> 0, bits);
}
