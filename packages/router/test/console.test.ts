import { describe, expect, it } from 'vitest';
import { decodeBmpMessage } from '@bmp-lab/codec';
import { CHOOSE_YNC, UNCOMMITTED_QUESTION, VRP_SYS_DESCR } from '@bmp-lab/router';
import { lab, settle } from './harness.js';

describe('the seed example, as VRP prints it', () => {
  it('enters the views with their prompts, * until commit, ~ after', () => {
    const l = lab();
    l.lines('system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit', 'return');
    expect(l.text()).toBe(
      [
        '<HUAWEI>system-view',
        'Enter system view, return user view with return command.',
        '[~HUAWEI]bmp',
        '[*HUAWEI-bmp]bmp-session 10.1.1.1',
        '[*HUAWEI-bmp-session-10.1.1.1]tcp connect port 1790',
        '[*HUAWEI-bmp-session-10.1.1.1]commit',
        '[~HUAWEI-bmp-session-10.1.1.1]return',
        '<HUAWEI>',
      ].join('\n'),
    );
  });

  it('shows the alias in the session prompt and keeps ~ when re-entering an existing view', () => {
    const l = lab();
    l.lines('system-view', 'bmp', 'bmp-session 10.1.1.1 alias a', 'commit', 'quit', 'quit', 'bmp');
    expect(l.text().split('\n').slice(-5)).toEqual([
      '[*HUAWEI-bmp-session-10.1.1.1-a]commit',
      '[~HUAWEI-bmp-session-10.1.1.1-a]quit',
      '[~HUAWEI-bmp]quit',
      '[~HUAWEI]bmp',
      '[~HUAWEI-bmp]',
    ]);
  });
});

describe('errors with the caret under the fault', () => {
  it('counts the caret column from the start of the prompt', () => {
    const l = lab();
    l.lines('system-view', 'bmp', 'bmp-session 10.1.1.300', 'bmp-session', 'tcp connect port 1790', 'bmp-session vpn-instance _public_ 10.1.1.1');
    expect(l.text().split('\n').slice(3)).toEqual([
      '[*HUAWEI-bmp]bmp-session 10.1.1.300',
      '                         ^',
      "Error: Wrong parameter found at '^' position.",
      '[*HUAWEI-bmp]bmp-session',
      '                         ^',
      "Error: Incomplete command found at '^' position.",
      '[*HUAWEI-bmp]tcp connect port 1790',
      '             ^',
      "Error: Unrecognized command found at '^' position.",
      '[*HUAWEI-bmp]bmp-session vpn-instance _public_ 10.1.1.1',
      '                                      ^',
      "Error: Wrong parameter found at '^' position.",
      '[*HUAWEI-bmp]',
    ]);
  });
});

describe('two-stage commit', () => {
  it('asks before leaving with uncommitted changes; a bare Enter gets the VRP error', () => {
    const l = lab();
    l.lines('system-view', 'bmp', 'return', '', 'c', 'return', 'n');
    expect(l.text().split('\n').slice(3)).toEqual(['[*HUAWEI-bmp]return', UNCOMMITTED_QUESTION, CHOOSE_YNC + 'c', '[*HUAWEI-bmp]return', UNCOMMITTED_QUESTION + 'n', '<HUAWEI>']);
    expect(l.device.running.bmp).toBeNull();
  });

  it('answering Y commits; Ctrl+Z asks the same question', () => {
    const l = lab();
    l.lines('system-view', 'bmp', 'bmp-session 10.1.1.1');
    l.type('\x1a');
    l.type('y\r');
    expect(l.device.running.bmp?.sessions).toEqual([{ address: '10.1.1.1', vpnInstance: null, alias: null, port: null }]);
    expect(l.text().endsWith(UNCOMMITTED_QUESTION + 'y\n<HUAWEI>')).toBe(true);
  });

  it('display current-configuration shows only what is committed, in VRP layout', () => {
    const l = lab();
    l.lines('system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'quit', 'bmp-session 10.1.1.1 alias b', 'commit', 'bmp-session 10.9.9.9');
    const out = l.type('display current-configuration\r');
    expect(out.split('\r\n').slice(1, -1)).toEqual([
      '!Software Version V800R021C00SPC090T',
      '#',
      'sysname HUAWEI',
      '#',
      'bmp',
      ' bmp-session 10.1.1.1',
      '  tcp connect port 1790',
      ' #',
      ' bmp-session 10.1.1.1 alias b',
      '#',
      'return',
    ]);
  });

  it('undo bmp-session removes the session; undo of a missing one says so', () => {
    const l = lab();
    l.lines('system-view', 'bmp', 'bmp-session 10.1.1.1', 'quit', 'commit', 'undo bmp-session 10.1.1.1', 'undo bmp-session 10.1.1.1');
    expect(l.text().split('\n').slice(-2)).toEqual(['Error: The BMP session does not exist.', '[*HUAWEI-bmp]']);
    l.lines('commit');
    expect(l.device.running.bmp?.sessions).toEqual([]);
  });
});

describe('BMP sessions follow the running configuration', () => {
  it('no session means no TCP connection; commit dials; undo sends Termination', async () => {
    const l = lab();
    l.lines('system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790');
    await settle();
    expect(l.dialer.dials).toEqual([]);
    l.lines('commit');
    await settle();
    expect(l.dialer.dials).toEqual([{ address: '10.1.1.1', port: 1790, vpnInstance: null }]);
    const conn = l.dialer.connections[0]!;
    const init = decodeBmpMessage(conn.written[0]!);
    expect(init).toEqual({
      ok: true,
      value: {
        type: 'initiation',
        tlvs: [
          { type: 'sysDescr', value: VRP_SYS_DESCR },
          { type: 'sysName', value: 'HUAWEI' },
        ],
      },
    });
    expect(l.device.bmpSessions()[0]).toMatchObject({ state: 'up', connects: 1, sent: { initiation: 1 } });

    l.lines('quit', 'undo bmp-session 10.1.1.1', 'commit');
    const term = decodeBmpMessage(conn.written[1]!);
    expect(term.ok && term.value.type).toBe('termination');
    expect(conn.ended).toBe(true);
    expect(l.removed).toEqual(['_public_|10.1.1.1|']);
  });

  it('a session without a port stays down; an unreachable station is retried every 15 s', async () => {
    const l = lab();
    l.lines('system-view', 'bmp', 'bmp-session 10.1.1.1', 'commit', 'quit', 'bmp-session 192.0.2.9', 'tcp connect port 1790', 'commit');
    await settle();
    expect(l.dialer.dials).toEqual([{ address: '192.0.2.9', port: 1790, vpnInstance: null }]);
    const s = l.device.bmpSessions().find((x) => x.id.address === '192.0.2.9')!;
    expect(s).toMatchObject({ state: 'down', downReason: 'Connect Failed' });
    l.clock.advance(14_999);
    await settle();
    expect(l.dialer.dials).toHaveLength(1);
    l.clock.advance(1);
    await settle();
    expect(l.dialer.dials).toHaveLength(2);
  });

  it('a station that drops the connection is redialled after ConnectRetry, and greeted again', async () => {
    const l = lab();
    l.lines('system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1791', 'commit');
    await settle();
    l.dialer.connections[0]!.drop();
    expect(l.device.bmpSessions()[0]).toMatchObject({ state: 'down', downReason: 'Peer Closed' });
    l.clock.advance(15_000);
    await settle();
    expect(l.device.bmpSessions()[0]).toMatchObject({ state: 'up', connects: 2, sent: { initiation: 2 } });
  });

  it('display bmp session prints the summary table', async () => {
    const l = lab();
    l.lines('system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'quit', 'bmp-session 10.1.1.1 alias a', 'commit');
    await settle();
    l.clock.advance(57_000);
    const out = l.type('display bmp session\r').split('\r\n');
    expect(out.slice(1, -1)).toEqual([
      'Total number of BMP session : 2',
      ' Session in up state : 1',
      '  Session          Alias      State      Age            VPN                                ',
      '  10.1.1.1                    Up         57s            _public_                           ',
      '  10.1.1.1         a          Down       57s            _public_                           ',
    ]);
  });
});
