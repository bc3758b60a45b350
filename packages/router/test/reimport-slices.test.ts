import { describe, expect, it } from 'vitest';
import { TURN_BUDGET_MS } from '@bmp-lab/router';
import { basicIpv4Attributes } from '@bmp-lab/test-support';
import { Advertiser } from '../src/bgp/advertise.js';
import { FamilyRib, type RibChange } from '../src/bgp/family-rib.js';
import type { PolicyConfig } from '../src/policy/policy-config.js';
import { TurnClock } from './harness.js';
import { configOf } from './loopback-lab.js';

/**
 * A changed import policy runs again over the kept routes a slice of
 * TURN_BUDGET_MS real time a turn, reporting each slice's changes, so a policy
 * over a full table does not hold the event loop for seconds. Real time here
 * moves 1 ms each time the RIB looks at it; turns run when the test says.
 */

const ROUTES = 4000;
/** Host routes from 198.18.0.0 on, in order. */
const prefixOf = (i: number) => `198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`;
const attributes = basicIpv4Attributes('10.2.2.2', [200]);

function keptRib() {
  const clock = new TurnClock(1);
  const changes: RibChange[] = [];
  const rib = new FamilyRib('ipv4-unicast', {
    clock,
    localAsn: () => 100,
    routerId: () => '1.1.1.1',
    clusterId: () => '1.1.1.1',
    ribChanged: (c) => void changes.push(c),
    ribEnd() {},
  });
  const peer = rib.addPeer({ address: '10.2.2.2', asn: 200, established: null, sendUpdate() {}, requestRouteRefresh: () => true }, new Advertiser(100, '10.0.0.1', false));
  rib.configurePeer(peer, true, {}, { import: {}, export: {} });
  rib.sessionUp(peer);
  rib.receive(peer, { family: 'ipv4-unicast', announced: Array.from({ length: ROUTES }, (_, i) => prefixOf(i)), withdrawn: [], attributes, endOfRib: false });
  changes.length = 0;
  return { clock, rib, peer, changes };
}

// Typed as a user would: the prefix list denies the first 1,024 /32s (198.18.0.0/22), permits the rest.
const device = configOf(['ip ip-prefix firstk index 10 deny 198.18.0.0 22 greater-equal 22 less-equal 32', 'ip ip-prefix firstk index 20 permit 0.0.0.0 0 less-equal 32']);
const policies: PolicyConfig = { ipPrefixes: device.ipPrefixes ?? [] };
const DENIED = 1024;

const postWithdrawn = (changes: RibChange[]) => changes.filter((c) => c.rib === 'adj-rib-in' && c.stage === 'post-policy').reduce((n, c) => n + c.withdrawn.length, 0);

describe('an import policy over kept routes, a slice a turn', () => {
  it('stops after its slice, reports each slice, and ends with every route through the new policy', () => {
    const { clock, rib, peer, changes } = keptRib();
    rib.configurePeer(peer, true, policies, { import: { ipPrefix: 'firstk' }, export: {} });
    // Only the first slice ran: some of the denied routes are gone, not all, and a turn waits to go on.
    expect(peer.adjInPost.size).toBeGreaterThan(ROUTES - DENIED);
    expect(clock.waiting).toBe(1);
    let turns = 1;
    while (clock.runTurns() > 0) turns++;
    expect(peer.adjInPost.size).toBe(ROUTES - DENIED);
    expect(peer.adjInPre.size).toBe(ROUTES);
    expect(rib.locRib.size).toBe(ROUTES - DENIED);
    expect(postWithdrawn(changes)).toBe(DENIED);
    // Several slices of about 64 routes a look × TURN_BUDGET_MS looks; the 1,024 denied routes span more than one, and
    // each slice that withdrew some reported them on its own.
    expect(turns).toBeGreaterThanOrEqual(Math.floor(ROUTES / (64 * TURN_BUDGET_MS)));
    const reports = changes.filter((c) => c.rib === 'adj-rib-in' && c.stage === 'post-policy').length;
    expect(reports).toBeGreaterThan(1);
    expect(reports).toBeLessThanOrEqual(turns);
  });

  it('a second change while one runs starts over with the newest policy; the session going down stops it', () => {
    const { clock, rib, peer } = keptRib();
    rib.configurePeer(peer, true, policies, { import: { ipPrefix: 'firstk' }, export: {} });
    // Taken away again before the first run ended: the runs do not mix, every route comes back.
    rib.configurePeer(peer, true, policies, { import: {}, export: {} });
    while (clock.runTurns() > 0);
    expect(peer.adjInPost.size).toBe(ROUTES);
    rib.configurePeer(peer, true, policies, { import: { ipPrefix: 'firstk' }, export: {} });
    rib.sessionDown(peer);
    expect(clock.runTurns()).toBe(0);
    expect(peer.adjInPost.size).toBe(0);
  });
});
