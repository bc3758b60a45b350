import { describe, expect, it } from 'vitest';
import { VRP_SYS_DESCR } from '@bmp-lab/router';
import { eventually } from './lab-harness.js';
import { pmbmpdLabPerTest } from './interop-harness.js';

/**
 * Our speaker against an independent collector: pmacct's pmbmpd (docs/architecture.md "BMP on the wire":
 * "every message we emit decodes cleanly … in pmacct").
 */
const pmbmpd = pmbmpdLabPerTest();

describe('pmbmpd (pmacct) reads what the router sends', () => {
  it('logs the Initiation with our sysName and sysDescr, and the Termination, with no complaint', async () => {
    const { pm, lab, type } = await pmbmpd.start();
    type('system-view', 'sysname R1', 'bmp', 'bmp-session 127.0.0.1', `tcp connect port ${pm.port}`, 'commit');
    await eventually(() => lab.device.bmpSessions()[0]?.state === 'up');
    type('quit', 'undo bmp-session 127.0.0.1', 'commit');

    const messages = await eventually(() => pm.messages().some((r) => r['bmp_msg_type'] === 'term') && pm.messages());
    expect(messages.map((r) => r['bmp_msg_type'])).toEqual(['init', 'term']);
    expect(messages[0]).toMatchObject({ bmp_init_info_sysname: 'R1', bmp_init_info_sysdescr: VRP_SYS_DESCR });
    expect(messages[1]).toMatchObject({ bmp_term_info_reason: 'Session administratively closed', bmp_term_info_string: 'Manual Stop' });
    expect(pm.problems()).toEqual([]);
  });
});
