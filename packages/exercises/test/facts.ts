import type { Facts, MessageFact, RouteAttributesFact, RouterFacts } from '../src/types.js';

/**
 * Builders of the facts the evaluator reads, for the exercise tests: each gives every field a plain default (the
 * router HUAWEI's Initiation on connection c1 to 10.1.1.1:1790, an empty lab) that a test overrides with what it is
 * about.
 */

/** One BMP message as the station recorded it. */
export const msg = (m: Partial<MessageFact>): MessageFact => ({
  seq: 0,
  connection: 'c1',
  receivedAt: 0,
  station: '10.1.1.1:1790',
  type: 'initiation',
  peer: null,
  peerView: null,
  summary: '',
  sysName: 'HUAWEI',
  ...m,
});

/** Everything an exercise's checks read, of a lab of one router. */
export const facts = (f: Partial<Facts> = {}): Facts => ({ config: [], sessions: [], peers: [], messages: [], timeScale: 1, ...f });

/** What checks read of one router of a lab of several. */
export const router = (r: Partial<RouterFacts> = {}): RouterFacts => ({ config: [], sessions: [], peers: [], ...r });

/** A route's attributes: by default 10.2.2.2's (AS 200) as the default lab's neighbor announces them. */
export const attrs = (a: Partial<RouteAttributesFact> = {}): RouteAttributesFact => ({
  origin: 'igp',
  asPath: [200],
  nextHop: '10.2.2.2',
  med: 10,
  localPref: null,
  communities: ['200:1'],
  originatorId: null,
  clusterList: [],
  ...a,
});
