import { describe, expect, it } from 'vitest';
import { Device, renderConfig } from '@bmp-lab/router';
import type { Terminal } from '@bmp-lab/router';
import { ManualClock, Screen, ScriptedDialer, plain } from './harness.js';

/**
 * Device.resetConsoles: the configuration was replaced from outside (an
 * exercise reset), and every console logged in on a VTY follows — candidate
 * and views dropped, question or pager cancelled, a notice printed.
 */

const NOTICE = ['Info: The lab was reset; uncommitted configurations were discarded.'];

function device() {
  return new Device({ dialer: new ScriptedDialer(), clock: new ManualClock(), events: { sessionChanged: () => {}, sessionRemoved: () => {}, committed: () => {} } });
}

/** A VTY whose every byte (typed answers and what the device prints on its own) lands on a screen. */
function onScreen(dev: Device, options: { plain?: boolean; rows?: number } = {}): { t: Terminal; screen: Screen; bytes: () => string; type: (s: string) => void } {
  const t = dev.openVty({ protocol: 'SSH', address: '127.0.0.1', user: 'admin' }, { plain: options.plain === true });
  t.resize(80, options.rows ?? 24);
  const screen = new Screen(80);
  let all = '';
  const write = (b: string) => {
    all += b;
    screen.write(b);
  };
  t.setOutput(write);
  write(t.open());
  return { t, screen, bytes: () => all, type: (s) => write(t.input(s)) };
}

describe('Device.resetConsoles', () => {
  it('puts a console with an uncommitted candidate back at <HUAWEI>, keeps the half-typed line, and a bare commit then changes nothing', () => {
    const dev = device();
    const c = onScreen(dev);
    c.type('system-view\rbmp\rbmp-session 10.1.1.1\rtcp connect port 1790\r');
    expect(c.screen.current()).toBe('[*HUAWEI-bmp-session-10.1.1.1]');
    c.type('disp');
    const before = renderConfig(dev.running);
    dev.resetConsoles(NOTICE);
    expect(c.screen.rows.slice(-2)).toEqual([NOTICE[0], '<HUAWEI>disp']);
    c.type('\x15\x7f\x7f\x7f\x7fsystem-view\rcommit\rreturn\r');
    expect(c.screen.current()).toBe('<HUAWEI>');
    expect(renderConfig(dev.running)).toEqual(before);
  });

  it('cancels a question, also one asked by the answer to another (save, then its startup-file question)', () => {
    const dev = device();
    const c = onScreen(dev);
    // The `y` of the second answer is typed, Enter not yet pressed: the reset must not press it.
    c.type('save\ry\ry');
    expect(c.t.state).toBe('question');
    expect(c.screen.current()).toMatch(/vrpcfg\.zip\? \[Y\/N\]:y$/);
    dev.resetConsoles(NOTICE);
    expect(c.t.state).toBe('line');
    expect(dev.saved).toBeNull();
    expect(c.screen.rows.slice(-2)).toEqual([NOTICE[0], '<HUAWEI>']);
    // `y` is now a command line, not the answer: nothing is saved.
    c.type('y\r');
    expect(dev.saved).toBeNull();
  });

  it('leaves the pager of a plain terminal without escape sequences', () => {
    const dev = device();
    const c = onScreen(dev, { plain: true, rows: 4 });
    c.type('display version\r');
    expect(c.t.state).toBe('paging');
    const mark = c.bytes().length;
    dev.resetConsoles(NOTICE);
    const printed = c.bytes().slice(mark);
    expect(printed).not.toContain('\x1b');
    expect(plain(printed)).toMatch(new RegExp(`${NOTICE[0]!.replace(/[.;]/g, '\\$&')}\\n<HUAWEI>$`));
    expect(c.t.state).toBe('line');
  });

  it('drops the question a program run left waiting (runLines), so its next line is a command again', () => {
    const dev = device();
    const t = dev.openVty({ protocol: 'API', address: '', user: null });
    expect(t.runLines(['system-view', 'sysname EDGE', 'return']).waiting).toMatch(/\[Y\(yes\)\/N\(no\)\/C\(cancel\)\]:$/);
    dev.resetConsoles(NOTICE);
    const run = t.runLines(['y']);
    expect(run.results[0]?.prompt).toBe('<HUAWEI>');
    expect(dev.running.sysname).toBe('HUAWEI');
  });

  it('forgets consoles that logged out: they print nothing more', () => {
    const dev = device();
    const printed: string[] = [];
    for (let i = 0; i < 50; i++) {
      const t = dev.openVty({ protocol: 'TEL', address: '', user: null });
      t.setOutput((b) => printed.push(b));
      t.close();
    }
    const open = dev.openVty({ protocol: 'TEL', address: '', user: null });
    open.setOutput((b) => printed.push(b));
    dev.resetConsoles(NOTICE);
    expect(printed).toHaveLength(1);
  });
});
