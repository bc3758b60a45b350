import { describe, expect, it } from 'vitest';
import type { AsPathSegment, PathAttribute } from '@bmp-lab/codec';
import { bestPath, comparePaths } from '../src/bgp/best-path.js';
import type { Route } from '../src/bgp/route.js';

/** One test per step of VRP's BGP route selection, each with two paths that differ only in that step. */
const LOCAL_AS = 100;

function path(opts: {
  peer?: string;
  asn?: number;
  bgpId?: string;
  asPath?: number[];
  set?: number[];
  origin?: 'igp' | 'egp' | 'incomplete';
  med?: number;
  localPref?: number;
  clusterList?: string[];
  originatorId?: string;
  local?: boolean;
}): Route {
  const attributes: PathAttribute[] = [{ type: 'origin', value: opts.origin ?? 'igp' }];
  const segments: AsPathSegment[] = [{ type: 'sequence', asns: opts.asPath ?? [opts.asn ?? 200] }];
  if (opts.set) segments.push({ type: 'set', asns: opts.set });
  attributes.push({ type: 'asPath', segments }, { type: 'nextHop', value: opts.peer ?? '10.2.2.2' });
  if (opts.med !== undefined) attributes.push({ type: 'multiExitDisc', value: opts.med });
  if (opts.localPref !== undefined) attributes.push({ type: 'localPref', value: opts.localPref });
  if (opts.originatorId) attributes.push({ type: 'originatorId', value: opts.originatorId });
  if (opts.clusterList) attributes.push({ type: 'clusterList', values: opts.clusterList });
  const source = opts.local
    ? ({ kind: 'local' } as const)
    : ({ kind: 'peer', address: opts.peer ?? '10.2.2.2', asn: opts.asn ?? 200, bgpId: opts.bgpId ?? opts.peer ?? '10.2.2.2' } as const);
  return { prefix: '198.18.0.0/24', attributes, source, at: 0 };
}

function winner(a: Route, b: Route) {
  const ab = comparePaths(a, b, LOCAL_AS);
  const ba = comparePaths(b, a, LOCAL_AS);
  // The order is antisymmetric: swapping the paths swaps the answer, by the same rule.
  expect(Math.sign(ba.order)).toBe(-Math.sign(ab.order));
  expect(ba.rule).toBe(ab.rule);
  return { best: ab.order < 0 ? a : b, rule: ab.rule };
}

describe('BGP best-path selection, in VRP order', () => {
  it('prefers the higher local preference, even over a shorter AS path', () => {
    const a = path({ asPath: [300, 64520], localPref: 200, peer: '10.3.3.3', asn: 300 });
    const b = path({ asPath: [200] });
    expect(winner(a, b)).toEqual({ best: a, rule: 'local-preference' });
  });

  it('counts a missing LOCAL_PREF as 100', () => {
    const a = path({ localPref: 99 });
    const b = path({ peer: '10.3.3.3', asn: 300, asPath: [300] });
    expect(winner(a, b)).toEqual({ best: b, rule: 'local-preference' });
  });

  it('prefers a route the device originates over a learned one', () => {
    const a = path({ local: true, asPath: [] });
    const b = path({});
    expect(winner(a, b)).toEqual({ best: a, rule: 'locally-originated' });
  });

  it('prefers the shorter AS path, an AS_SET counting as one', () => {
    const a = path({ asPath: [200], set: [1, 2, 3] });
    const b = path({ asPath: [300, 400, 500], peer: '10.3.3.3', asn: 300 });
    expect(winner(a, b)).toEqual({ best: a, rule: 'as-path-length' });
  });

  it('prefers origin IGP over EGP over incomplete', () => {
    expect(winner(path({ origin: 'egp' }), path({ origin: 'igp', peer: '10.3.3.3', asn: 300, asPath: [300] })).rule).toBe('origin');
    const egp = path({ origin: 'egp' });
    const incomplete = path({ origin: 'incomplete', peer: '10.3.3.3', asn: 300, asPath: [300] });
    expect(winner(egp, incomplete)).toEqual({ best: egp, rule: 'origin' });
  });

  it('prefers the lower MED between paths from the same AS, a missing MED counting as 0', () => {
    const a = path({ med: 20, peer: '10.2.2.2' });
    const b = path({ med: 10, peer: '10.4.4.4' });
    expect(winner(a, b)).toEqual({ best: b, rule: 'med' });
    const none = path({ peer: '10.5.5.5' });
    expect(winner(none, b)).toEqual({ best: none, rule: 'med' });
  });

  it('does not compare MED between paths from different ASes', () => {
    const a = path({ med: 50, peer: '10.2.2.2', asn: 200, asPath: [200] });
    const b = path({ med: 10, peer: '10.3.3.3', asn: 300, asPath: [300] });
    // Equal up to MED; MED skipped, so the lower router ID decides.
    expect(winner(a, b)).toEqual({ best: a, rule: 'router-id' });
  });

  it('prefers eBGP over iBGP', () => {
    const ibgp = path({ peer: '10.0.0.2', asn: LOCAL_AS, asPath: [200] });
    const ebgp = path({ peer: '10.9.9.9', asn: 200, asPath: [200] });
    expect(winner(ibgp, ebgp)).toEqual({ best: ebgp, rule: 'ebgp-over-ibgp' });
  });

  it('prefers the shorter CLUSTER_LIST', () => {
    const a = path({ peer: '10.0.0.2', asn: LOCAL_AS, clusterList: ['1.1.1.1', '2.2.2.2'] });
    const b = path({ peer: '10.0.0.3', asn: LOCAL_AS, clusterList: ['3.3.3.3'] });
    expect(winner(a, b)).toEqual({ best: b, rule: 'cluster-list-length' });
  });

  it('prefers the lower router ID, the ORIGINATOR_ID standing in for a reflected path', () => {
    const a = path({ peer: '10.0.0.2', asn: LOCAL_AS, bgpId: '9.9.9.9', originatorId: '1.0.0.1' });
    const b = path({ peer: '10.0.0.3', asn: LOCAL_AS, bgpId: '2.2.2.2' });
    expect(winner(a, b)).toEqual({ best: a, rule: 'router-id' });
  });

  it('prefers the lower peer address last', () => {
    const a = path({ peer: '10.2.2.3', bgpId: '5.5.5.5' });
    const b = path({ peer: '10.2.2.2', bgpId: '5.5.5.5' });
    expect(winner(a, b)).toEqual({ best: b, rule: 'peer-address' });
  });

  it('bestPath picks the best of many, whatever their order', () => {
    const paths = [path({ asPath: [200, 1, 2] }), path({ peer: '10.3.3.3', asn: 300, asPath: [300], localPref: 150 }), path({ peer: '10.4.4.4', asn: 400, asPath: [400] })];
    expect(bestPath(paths, LOCAL_AS)).toBe(paths[1]);
    expect(bestPath([...paths].reverse(), LOCAL_AS)).toBe(paths[1]);
    expect(bestPath([], LOCAL_AS)).toBeUndefined();
  });
});
