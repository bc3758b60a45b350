import { describe, expect, it } from 'vitest';
import { splitStations } from './station-names.js';

describe('the header’s stations', () => {
  it('sets the external listener the server names apart from the lab’s stations', () => {
    const names = ['10.1.1.1:1790', '10.1.1.1:1791', '127.0.0.1:11019'];
    expect(splitStations(names, '127.0.0.1:11019')).toEqual({ lab: ['10.1.1.1:1790', '10.1.1.1:1791'], external: ['127.0.0.1:11019'] });
    // A lab without one (every lab but the default), or an older server that does not say.
    expect(splitStations(names.slice(0, 2), null)).toEqual({ lab: ['10.1.1.1:1790', '10.1.1.1:1791'], external: [] });
    // A listener on a LAN address is still the external one when the server says so.
    expect(splitStations(['10.1.1.1:1790', '192.0.2.10:11019'], '192.0.2.10:11019').external).toEqual(['192.0.2.10:11019']);
  });
});
