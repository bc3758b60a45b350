import { PATH_ATTRIBUTE_TYPE } from '@bmp-lab/codec';
import type { PathAttribute } from '@bmp-lab/codec';
import { typeCode } from '../policy/apply.js';
import { DEFAULT_LOCAL_PREFERENCE } from './best-path.js';

/**
 * How a route's attributes change on their way out to a peer (RFC 4271
 * §5.1): to an eBGP peer LOCAL_PREF is dropped, the MED of a learned route is
 * not passed on (one set by the export policy is), our AS is prepended and
 * the next hop becomes us; to an iBGP peer LOCAL_PREF is always sent (VRP's
 * default when the route has none) and the rest is left alone. One advertiser
 * serves one peer in one address family: `nextHopSelf` is an IPv4 address for
 * IPv4 unicast (NEXT_HOP) and an IPv6 one for IPv6 unicast (the next hop of
 * MP_REACH_NLRI, RFC 2545 §3).
 *
 * Routes of one UPDATE share one attributes array, and so do the results
 * here: each function keeps one output per input array, so a million
 * routes re-advertised after a policy change cost a handful of arrays and
 * still pack into few UPDATEs.
 */
export class Advertiser {
  private beforePolicyCache = new WeakMap<readonly PathAttribute[], PathAttribute[]>();
  private onWireCache = new WeakMap<readonly PathAttribute[], PathAttribute[]>();

  constructor(
    private readonly localAsn: number,
    private readonly nextHopSelf: string,
    private readonly ebgp: boolean,
  ) {}

  /** What the export policy sees: for eBGP the Loc-RIB attributes without LOCAL_PREF and MED. */
  beforePolicy(attributes: readonly PathAttribute[]): readonly PathAttribute[] {
    if (!this.ebgp) return attributes;
    let out = this.beforePolicyCache.get(attributes);
    if (!out) {
      out = attributes.filter((a) => a.type !== 'localPref' && a.type !== 'multiExitDisc');
      this.beforePolicyCache.set(attributes, out);
    }
    return out;
  }

  /** What goes on the wire after the export policy. */
  onWire(attributes: readonly PathAttribute[]): PathAttribute[] {
    let out = this.onWireCache.get(attributes);
    if (!out) {
      out = this.ebgp ? this.toEbgp(attributes) : this.toIbgp(attributes);
      this.onWireCache.set(attributes, out);
    }
    return out;
  }

  private toEbgp(attributes: readonly PathAttribute[]): PathAttribute[] {
    const out: PathAttribute[] = [];
    let sawPath = false;
    for (const a of attributes) {
      if (a.type === 'asPath') {
        sawPath = true;
        const first = a.segments[0];
        const segments =
          first && first.type === 'sequence' && first.asns.length < 255
            ? [{ type: 'sequence' as const, asns: [this.localAsn, ...first.asns] }, ...a.segments.slice(1)]
            : [{ type: 'sequence' as const, asns: [this.localAsn] }, ...a.segments];
        out.push({ type: 'asPath', segments });
      } else if (a.type === 'nextHop') out.push({ type: 'nextHop', value: this.nextHopSelf });
      else if (a.type === 'mpReachNlri') out.push({ ...a, nextHops: [this.nextHopSelf] });
      else if (a.type !== 'localPref' && a.type !== 'originatorId' && a.type !== 'clusterList') out.push(a);
    }
    if (!sawPath) out.splice(1, 0, { type: 'asPath', segments: [{ type: 'sequence', asns: [this.localAsn] }] });
    return out;
  }

  /** A route of the device itself (next hop 0.0.0.0, or :: in MP_REACH_NLRI) leaves with our address as next hop. */
  private selfIfLocal(a: PathAttribute): PathAttribute {
    if (a.type === 'nextHop' && a.value === '0.0.0.0') return { type: 'nextHop', value: this.nextHopSelf };
    if (a.type === 'mpReachNlri' && (a.nextHops.length === 0 || a.nextHops[0] === '::')) return { ...a, nextHops: [this.nextHopSelf] };
    return a;
  }

  private toIbgp(attributes: readonly PathAttribute[]): PathAttribute[] {
    if (attributes.some((a) => a.type === 'localPref')) {
      return attributes.map((a) => this.selfIfLocal(a));
    }
    // LOCAL_PREF (type 5) goes before the first attribute with a higher type code.
    const out: PathAttribute[] = attributes.map((a) => this.selfIfLocal(a));
    const at = out.findIndex((a) => typeCode(a) > PATH_ATTRIBUTE_TYPE.LOCAL_PREF);
    out.splice(at < 0 ? out.length : at, 0, { type: 'localPref', value: DEFAULT_LOCAL_PREFERENCE });
    return out;
  }
}
