import { describe, expect, it } from 'vitest';
import { decodeBgpMessage, decodeBmpMessage, encodeBgpMessage, encodeBmpMessage, type BgpMessage } from '../src/index.js';
import { allBmpMessages, notification, open, updateLegacy, updateV4, updateV6 } from './samples.js';

// Tier 2 of the test plan: self round trip (encode -> decode -> equal ->
// re-encode byte for byte), like gobgp's verify() helper.
describe('BMP round trip', () => {
  for (const [i, m] of allBmpMessages.entries()) {
    it(`#${i} ${m.type}`, () => {
      const bytes = encodeBmpMessage(m);
      const back = decodeBmpMessage(bytes);
      if (!back.ok) throw new Error(JSON.stringify(back.error));
      expect(back.value).toEqual(m);
      expect(encodeBmpMessage(back.value)).toEqual(bytes);
    });
  }
});

describe('BGP round trip', () => {
  const msgs: [string, BgpMessage, boolean][] = [
    ['OPEN', open(4200000001, '192.0.2.2'), true],
    ['UPDATE ipv4', updateV4, true],
    ['UPDATE ipv6', updateV6, true],
    ['UPDATE 2-octet', updateLegacy, false],
    ['NOTIFICATION', notification, true],
    ['KEEPALIVE', { type: 'keepalive' }, true],
    ['ROUTE-REFRESH', { type: 'route-refresh', afi: 1, subtype: 0, safi: 1 }, true],
  ];
  for (const [name, m, fourOctetAs] of msgs) {
    it(name, () => {
      const bytes = encodeBgpMessage(m, { fourOctetAs });
      const back = decodeBgpMessage(bytes, { fourOctetAs });
      if (!back.ok) throw new Error(JSON.stringify(back.error));
      expect(back.value).toEqual(m);
      expect(encodeBgpMessage(back.value, { fourOctetAs })).toEqual(bytes);
    });
  }
});
