import { afterEach, describe, expect, it } from 'vitest';
import { VRP_SYS_DESCR } from '@bmp-lab/router';
import { eventually, startLab } from './lab-harness.js';
import { startPmbmpd } from '@bmp-lab/test-support';
import type { Pmbmpd } from '@bmp-lab/test-support';

/**
 * Our speaker against an independent collector: pmacct's pmbmpd (docs/architecture.md "BMP on the wire":
 * "every message we emit decodes cleanly … in pmacct").
 */
let pm: Pmbmpd | null = null;
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
  await pm?.stop();
  pm = null;
});

describe('pmbmpd (pmacct) reads what the router sends', () => {
  it('logs the Initiation with our sysName and sysDescr, and the Termination, with no complaint', async () => {
    pm = await startPmbmpd();
    const { lab, type } = await startLab();
    cleanup.push(() => lab.stop());
    type('system-view', 'sysname R1', 'bmp', 'bmp-session 127.0.0.1', `tcp connect port ${pm.port}`, 'commit');
    await eventually(() => lab.device.bmpSessions()[0]?.state === 'up');
    type('quit', 'undo bmp-session 127.0.0.1', 'commit');

    const messages = await eventually(() => pm!.messages().some((r) => r['bmp_msg_type'] === 'term') && pm!.messages());
    expect(messages.map((r) => r['bmp_msg_type'])).toEqual(['init', 'term']);
    expect(messages[0]).toMatchObject({ bmp_init_info_sysname: 'R1', bmp_init_info_sysdescr: VRP_SYS_DESCR });
    expect(messages[1]).toMatchObject({ bmp_term_info_reason: 'Session administratively closed', bmp_term_info_string: 'Manual Stop' });
    expect(pm.log()).not.toMatch(/discarded|ERROR|WARN/);
  });
});
