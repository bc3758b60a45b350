import { describe, expect, it } from 'vitest';
import { Device, transcript } from '@bmp-lab/router';
import type { Terminal } from '@bmp-lab/router';
import { ManualClock, ScriptedDialer, plain } from './harness.js';

function device() {
  const clock = new ManualClock();
  const dev = new Device({ dialer: new ScriptedDialer(), clock, events: { sessionChanged: () => {}, sessionRemoved: () => {}, committed: () => {} } });
  return { clock, dev };
}

/** Type lines into a terminal; the plain text it printed. */
function typeLines(t: Terminal, ...lines: string[]): string {
  return plain(lines.map((l) => t.input(l + '\r')).join(''));
}

describe('VTYs', () => {
  it('take the lowest free number and free it on logout', () => {
    const { dev } = device();
    const a = dev.openVty({ protocol: 'WEB', address: '127.0.0.1', user: null });
    const b = dev.openVty({ protocol: 'SSH', address: '127.0.0.2', user: 'admin' });
    const c = dev.openVty({ protocol: 'TEL', address: '127.0.0.3', user: 'admin' });
    expect([a.vty?.number, b.vty?.number, c.vty?.number]).toEqual([0, 1, 2]);
    b.close();
    expect(dev.vtys.size).toBe(2);
    const d = dev.openVty({ protocol: 'SSH', address: '127.0.0.4', user: 'lab' });
    expect(d.vty?.number).toBe(1);
  });

  it('display users lists every line in VRP layout, + on the own line, idle time in Delay', () => {
    const { dev, clock } = device();
    const web = dev.openVty({ protocol: 'WEB', address: '192.0.2.7', user: null });
    const ssh = dev.openVty({ protocol: 'SSH', address: '127.0.0.1', user: 'admin' });
    web.open();
    ssh.open();
    clock.advance(83_000);
    const out = typeLines(ssh, 'display users');
    expect(out).toBe(
      [
        'display users',
        '  User-Intf    Delay    Type   Network Address     AuthenStatus    AuthorcmdFlag',
        '  129 VTY 0   00:01:23  WEB    192.0.2.7                 pass',
        '  Username : Unspecified',
        '',
        '+ 130 VTY 1   00:00:00  SSH    127.0.0.1                 pass',
        '  Username : admin',
        '',
        '<HUAWEI>',
      ].join('\n'),
    );
    // The columns line up with the header, as on VRP.
    const header = out.split('\n')[1]!;
    const row = out.split('\n')[5]!;
    expect(row.indexOf('00:00:00')).toBe(header.indexOf('Delay') - 1);
    expect(row.indexOf('SSH')).toBe(header.indexOf('Type'));
    expect(row.indexOf('127.0.0.1')).toBe(header.indexOf('Network Address'));
  });

  it('user-interface vty / idle-timeout: two-stage, shown in the configuration, undo restores the default', () => {
    const { dev } = device();
    const t = dev.openVty({ protocol: 'SSH', address: '127.0.0.1', user: 'admin' });
    t.open();
    const out = typeLines(t, 'system-view', 'user-interface vty 0 4', 'idle-timeout 1 30', 'display this', 'commit', 'display this');
    expect(out).toContain('[*HUAWEI-ui-vty0-4]');
    expect(out).toContain('[~HUAWEI-ui-vty0-4]display this\n#\nuser-interface vty 0 4\n idle-timeout 1 30\n#\nreturn');
    const cfg = typeLines(t, 'display current-configuration');
    expect(cfg).toContain('#\nuser-interface vty 0 4\n idle-timeout 1 30\n#\nreturn');
    typeLines(t, 'quit', 'user-interface vty 2', 'idle-timeout 0', 'commit');
    expect(typeLines(t, 'display current-configuration')).toContain(
      'user-interface vty 0 1\n idle-timeout 1 30\n#\nuser-interface vty 2\n idle-timeout 0 0\n#\nuser-interface vty 3 4\n idle-timeout 1 30\n#',
    );
    typeLines(t, 'quit', 'user-interface vty 0 20', 'undo idle-timeout', 'commit');
    expect(typeLines(t, 'display current-configuration')).not.toContain('user-interface');
    expect(typeLines(t, 'quit', 'user-interface vty 21')).toContain("Error: Wrong parameter found at '^' position.");
  });

  it('an idle line times out after 10 minutes of protocol time by default; typing restarts the count', () => {
    const { dev, clock } = device();
    let timedOut = 0;
    const t = dev.openVty({ protocol: 'SSH', address: '127.0.0.1', user: 'admin' }, { onIdleTimeout: () => timedOut++ });
    t.open();
    clock.advance(9 * 60_000);
    t.input('d');
    clock.advance(9 * 60_000);
    expect(timedOut).toBe(0);
    clock.advance(60_000);
    expect(timedOut).toBe(1);
    expect(dev.vtys.size).toBe(0);
    // A browser console (no idle handler) never times out.
    dev.openVty({ protocol: 'WEB', address: '', user: null });
    clock.advance(3600_000);
    expect(dev.vtys.size).toBe(1);
  });

  it('a committed idle-timeout applies at once to the lines logged in; 0 0 never times out', () => {
    const { dev, clock } = device();
    const gone: number[] = [];
    const admin = dev.openVty({ protocol: 'SSH', address: '127.0.0.1', user: 'admin' }, { onIdleTimeout: () => gone.push(0) });
    const other = dev.openVty({ protocol: 'TEL', address: '127.0.0.1', user: 'admin' }, { onIdleTimeout: () => gone.push(1) });
    admin.open();
    other.open();
    clock.advance(30_000);
    typeLines(admin, 'system-view', 'user-interface vty 0 4', 'idle-timeout 0 20', 'commit');
    // VTY 1 has been idle for 30 s: out at the commit. VTY 0 just typed.
    expect(gone).toEqual([1]);
    clock.advance(19_000);
    expect(gone).toEqual([1]);
    clock.advance(1_000);
    expect(gone).toEqual([1, 0]);
    const third = dev.openVty({ protocol: 'SSH', address: '127.0.0.1', user: 'admin' }, { onIdleTimeout: () => gone.push(2) });
    typeLines(third, 'system-view', 'user-interface vty 0', 'idle-timeout 0 0', 'commit');
    clock.advance(24 * 3600_000);
    expect(gone).toEqual([1, 0]);
  });

  it('quit in the user view logs a remote user out without the press-any-key banner', () => {
    const { dev } = device();
    const t = dev.openVty({ protocol: 'SSH', address: '127.0.0.1', user: 'admin' }, { closesOnLogout: true });
    t.open();
    const out = t.input('quit\r');
    expect(t.state).toBe('logged-out');
    expect(out).not.toContain('press any key');
    const web = dev.openVty({ protocol: 'WEB', address: '', user: null });
    web.open();
    expect(web.input('quit\r')).toContain('press any key to log on');
  });

  it('runLines runs whole lines for programs: prompts, answers to questions, a transcript', () => {
    const { dev } = device();
    const t = dev.openVty({ protocol: 'API', address: '127.0.0.1', user: null });
    const run = t.runLines(['display version', 'system-view', 'sysname R1', 'quit', 'y', 'display users | include API', 'save', 'y', 'y']);
    expect(run.results.map((r) => r.prompt)).toEqual([
      '<HUAWEI>',
      '<HUAWEI>',
      '[~HUAWEI]',
      '[*HUAWEI]',
      'Warning: Uncommitted configurations found, commit them before exiting? [Y(yes)/N(no)/C(cancel)]:',
      '<R1>',
      '<R1>',
      'Are you sure to continue?[Y/N]',
      'Warning: The next startup configuration file does not exist. Save the configuration to vrpcfg.zip? [Y/N]:',
    ]);
    expect(run.results[0]!.output[0]).toBe('Huawei Versatile Routing Platform Software');
    expect(run.results[5]!.output).toEqual(['+ 129 VTY 0   00:00:00  API    127.0.0.1                 pass']);
    expect(run.results[8]!.output).toContain('Info: Save the configuration successfully.');
    expect(run.waiting).toBe('<R1>');
    const text = transcript(run);
    expect(text.startsWith('<HUAWEI>display version\nHuawei Versatile Routing Platform Software\n')).toBe(true);
    expect(text).toContain('[*HUAWEI]quit\nWarning: Uncommitted configurations found, commit them before exiting? [Y(yes)/N(no)/C(cancel)]:y\n<R1>display users');
    expect(text.endsWith('\n<R1>')).toBe(true);
    // A logout ends the run: the lines after it do not run.
    const out = t.runLines(['quit', 'display version']);
    expect(out).toMatchObject({ loggedOut: true, waiting: null });
    expect(out.results).toHaveLength(1);
  });
});
