import { PATH_ATTRIBUTE_TYPE } from '@bmp-lab/codec';
import type { PathAttribute } from '@bmp-lab/codec';
import { typeCode } from '../policy/apply.js';
import { DEFAULT_LOCAL_PREFERENCE } from './best-path.js';

/**
 * How a route's attributes change on their way out to a peer (RFC 4271
 * §5.1): to an eBGP peer LOCAL_PREF is dropped, the MED of a learned route is
 * not passed on (one set by the export policy is), our AS is prepended and
 * the next hop becomes us; to an iBGP peer LOCAL_PREF is always sent (VRP's
 * default when the route has none) and the rest is left alone, the next hop
 * too unless `peer X next-hop-local` asks for ours (a reflected route keeps
 * its next hop even then: RFC 4456 asks a reflector not to change NEXT_HOP,
 * ⚠ INFERRED for VRP). One advertiser
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
  private reflectedCache = new WeakMap<readonly PathAttribute[], PathAttribute[]>();
  private nextHopLocalValue = false;

  constructor(
    private readonly localAsn: number,
    private readonly nextHopSelf: string,
    private readonly ebgp: boolean,
  ) {}

  /** `peer X next-hop-local` (iBGP only; an eBGP peer always gets our address). True when it changed. */
  setNextHopLocal(on: boolean): boolean {
    if (on === this.nextHopLocalValue) return false;
    this.nextHopLocalValue = on;
    this.onWireCache = new WeakMap();
    return true;
  }

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

  /** What goes on the wire after the export policy; `reflected` for a route reflected from another iBGP peer. */
  onWire(attributes: readonly PathAttribute[], reflected = false): PathAttribute[] {
    const cache = reflected ? this.reflectedCache : this.onWireCache;
    let out = cache.get(attributes);
    if (!out) {
      out = this.ebgp ? this.toEbgp(attributes) : this.toIbgp(attributes, this.nextHopLocalValue && !reflected);
      cache.set(attributes, out);
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

  /**
   * A route of the device itself (next hop 0.0.0.0, or :: in MP_REACH_NLRI)
   * leaves with our address as next hop; with `always` (next-hop-local) every route does.
   */
  private selfIfLocal(a: PathAttribute, always: boolean): PathAttribute {
    if (a.type === 'nextHop' && (always || a.value === '0.0.0.0')) return { type: 'nextHop', value: this.nextHopSelf };
    if (a.type === 'mpReachNlri' && (always || a.nextHops.length === 0 || a.nextHops[0] === '::')) return { ...a, nextHops: [this.nextHopSelf] };
    return a;
  }

  private toIbgp(attributes: readonly PathAttribute[], nextHopLocal: boolean): PathAttribute[] {
    if (attributes.some((a) => a.type === 'localPref')) {
      return attributes.map((a) => this.selfIfLocal(a, nextHopLocal));
    }
    // LOCAL_PREF (type 5) goes before the first attribute with a higher type code.
    const out: PathAttribute[] = attributes.map((a) => this.selfIfLocal(a, nextHopLocal));
    const at = out.findIndex((a) => typeCode(a) > PATH_ATTRIBUTE_TYPE.LOCAL_PREF);
    out.splice(at < 0 ? out.length : at, 0, { type: 'localPref', value: DEFAULT_LOCAL_PREFERENCE });
    return out;
  }
}
