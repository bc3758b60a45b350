import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startLab } from './lab-harness.js';

/**
 * The family-wide lines of `ipv6-family unicast`, mirroring the IPv4 ones:
 * `filter-policy ipv6-prefix NAME { import | export }` (Huawei page
 * "filter-policy (BGP-IPv6 unicast address family view)") filters the IPv6
 * routes of every peer of the family with an IPv6 prefix list, and
 * `import-route { direct | static }` (page "import-route (BGP-IPv6 unicast
 * address family view)") is kept and shown. Real lab, real TCP on loopback.
 */
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
});

/** The prefixes of a `display bgp ipv6 routing-table …` (the `Network :` lines). */
const networks = (text: string) => [...text.matchAll(/Network\s*:\s*(\S+)\s+PrefixLen\s*:\s*(\d+)/g)].map((m) => `${m[1]!.toLowerCase()}/${m[2]!}`).sort();

describe('filter-policy and import-route in ipv6-family unicast', () => {
  it('filter-policy ipv6-prefix filters every IPv6 peer on import and export, is shown in the configuration, and keeps its list from deletion', async () => {
    const { lab, type } = await startLab();
    cleanup.push(() => lab.stop());
    const out = type(
      // Long displays below are read whole, not a page at a time.
      'screen-length 0 temporary',
      'system-view',
      // Denies 2001:db8:1000::/48 (heard from both neighbors) and 2001:db8:201::/48 (from 2001:db8:2::2 only).
      'ip ipv6-prefix NO-1000 index 10 deny 2001:db8:1000:: 48',
      'ip ipv6-prefix NO-1000 index 20 deny 2001:db8:201:: 48',
      'ip ipv6-prefix NO-1000 index 30 permit :: 0 less-equal 128',
      'ip ipv6-prefix NO-200 index 10 deny 2001:db8:200:: 48',
      'ip ipv6-prefix NO-200 index 20 permit :: 0 less-equal 128',
      'bgp 100',
      'peer 2001:db8:2::2 as-number 200',
      'peer 2001:db8:3::3 as-number 300',
      'ipv6-family unicast',
      'peer 2001:db8:2::2 enable',
      'peer 2001:db8:3::3 enable',
      'filter-policy ipv6-prefix NO-1000 import',
      'filter-policy ipv6-prefix NO-200 export',
      'import-route static',
      'import-route direct',
      'commit',
      'return',
    );
    expect(out).not.toContain('Error');
    const table = () => networks(type('display bgp ipv6 routing-table'));
    // Both peers' routes but the denied ones: 2001:db8:200::/48, 2001:db8:300::/48 and 2001:db8:301::/48.
    await eventually(() => table().length === 3, 10_000);
    expect(table()).toEqual(['2001:db8:200::/48', '2001:db8:300::/48', '2001:db8:301::/48']);
    // Received (before import policy) still holds them; accepted does not.
    expect(networks(type('display bgp ipv6 routing-table peer 2001:db8:2::2 accepted-routes'))).toEqual(['2001:db8:200::/48']);
    // Export: 2001:db8:200::/48 is held back from 2001:db8:3::3.
    await eventually(() => type('display bgp ipv6 routing-table peer 2001:db8:3::3 advertised-routes').includes('Total Number of Routes'), 10_000);
    expect(networks(type('display bgp ipv6 routing-table peer 2001:db8:3::3 advertised-routes'))).not.toContain('2001:db8:200::/48');

    const config = type('display current-configuration');
    const block = config.slice(config.indexOf(' ipv6-family unicast'));
    expect(block).toMatch(
      / ipv6-family unicast\r?\n {2}import-route static\r?\n {2}import-route direct\r?\n {2}filter-policy ipv6-prefix NO-1000 import\r?\n {2}filter-policy ipv6-prefix NO-200 export\r?\n {2}peer 2001:DB8:2::2 enable/i,
    );

    // A list in use by the filter-policy cannot be deleted.
    const del = type('system-view', 'undo ip ipv6-prefix NO-1000');
    expect(del).toMatch(/Error/);
    type('quit');

    // undo with another name is refused and changes nothing; the right undo lifts the filter.
    expect(type('system-view', 'bgp 100', 'ipv6-family unicast', 'undo filter-policy ipv6-prefix NO-200 import')).toMatch(/Error/);
    type('undo filter-policy import', 'undo import-route static', 'commit', 'return');
    await eventually(() => table().length === 5, 10_000);
    expect(table()).toContain('2001:db8:1000::/48');
    const after = type('display current-configuration');
    expect(after).not.toContain('filter-policy ipv6-prefix NO-1000');
    expect(after).not.toContain('import-route static');
    expect(after).toContain('filter-policy ipv6-prefix NO-200 export');
  });

  it('takes and undoes its own forms, and refuses what the IPv6 view does not take: an IPv4 prefix-list form, import-route of another protocol', async () => {
    const { lab, type } = await startLab();
    cleanup.push(() => lab.stop());
    type('system-view', 'bgp 100', 'ipv6-family unicast');
    expect(type('filter-policy ip-prefix X import')).toMatch(/Error/);
    expect(type('import-route bgp')).toMatch(/Error/);
    expect(type('undo import-route static')).toMatch(/Error/);
    // The forms it does take come and go; a second undo has nothing left to remove.
    expect(type('import-route static', 'filter-policy ipv6-prefix ANY export')).not.toMatch(/Error/);
    expect(type('undo import-route static', 'undo filter-policy export')).not.toMatch(/Error/);
    expect(type('undo import-route static')).toMatch(/Error/);
    // Nothing was configured by the refused lines.
    expect(type('display this')).not.toMatch(/filter-policy|import-route/);
  });
});
