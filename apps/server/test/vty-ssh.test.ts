import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { RunningServer } from '../src/app.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';
import { SSH_LIMITS } from '../src/vty/ssh-server.js';
import { PASSWORD, connectionEnds, hasNetmiko, python, serveVty, sshConnect, sshExec, sshShell } from './vty-harness.js';

/**
 * SSH users are VTYs of their lab, driven by the tools automation users run:
 * netmiko (Debian's python3-netmiko), OpenSSH's ssh in a pty, and ssh2's
 * client for what those cannot reach (exec, a dumb terminal, hostile input).
 */

let server: RunningServer;
let sshPort: number;

beforeAll(async () => {
  server = await serveVty();
  sshPort = server.ssh!.port;
});
afterAll(async () => {
  await server?.close();
});

async function newLab(): Promise<string> {
  const res = await fetch(`${server.url}/api/labs`, { method: 'POST' });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

interface NetmikoResult {
  ok: boolean;
  error?: string;
  message?: string;
  prompt?: string;
  base_prompt?: string;
  commands?: Record<string, string>;
  config_output?: string;
  in_config_mode?: boolean;
  commit_output?: string;
  in_config_mode_after_commit?: boolean;
  after?: Record<string, string>;
}

const netmiko = (spec: Record<string, unknown>) => python<NetmikoResult>('netmiko_session.py', [JSON.stringify({ host: '127.0.0.1', port: sshPort, password: PASSWORD, ...spec })]);

describe('netmiko (python3-netmiko) against a lab over SSH', () => {
  it('is installed where the tests look for it', async () => {
    expect(await hasNetmiko(), 'netmiko not found for /usr/bin/python3: apt-get install -y python3-netmiko').toBe(true);
  });

  it(
    'huawei_vrpv8 with a lab id as user: display version, a BMP session configured and committed comes Up at the station, and the browser sees it',
    { timeout: 120_000 },
    async () => {
      const id = await newLab();
      const lab = server.labs.get(id)!;
      // A browser watching the lab, with a console of its own.
      const browser = await wsClient(server.url, id);
      await browser.hello();
      const consoleId = await browser.open();
      const log = join(mkdtempSync(join(tmpdir(), 'bmplab-netmiko-')), 'session.log');
      const r = await netmiko({
        device_type: 'huawei_vrpv8',
        username: id,
        session_log: log,
        commands: ['display version'],
        config: ['bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790'],
        commit: true,
        after: ['display bmp session', 'display users'],
      });
      expect(r, r.message).toMatchObject({ ok: true, prompt: '<HUAWEI>', base_prompt: 'HUAWEI', in_config_mode: true, in_config_mode_after_commit: false });
      const version = r.commands!['display version']!;
      expect(version).toMatch(/^Huawei Versatile Routing Platform Software\nVRP \(R\) software, Version 8\.\d+ \(NE40E V800R\w+\)\n/);
      expect(version).toMatch(/HUAWEI NE40E-M2K-B uptime is \d+ days, \d+ hours, \d+ minutes$/);
      expect(r.config_output).toContain('[*HUAWEI-bmp-session-10.1.1.1]');
      expect(r.commit_output).toContain('[~HUAWEI-bmp-session-10.1.1.1]');
      expect(r.commit_output).not.toContain('Failed to generate committed config');
      expect(r.after!['display bmp session']).toMatch(/10\.1\.1\.1\s+Up/);
      // Both VTYs, the browser's and netmiko's own (marked +).
      expect(r.after!['display users']).toMatch(/^ {2}129 VTY 0 .* WEB /m);
      expect(r.after!['display users']).toMatch(/^\+ 130 VTY 1 .* SSH {4}127\.0\.0\.1 .*\n {2}Username : [\w-]{22}$/m);
      // The session is Up at the lab's station: its Initiation arrived.
      await eventually(() => lab.log.recent().some((m) => m.type === 'initiation'));
      // The commit reached the browser: the dashboard shows the session Up.
      await eventually(() => browser.received.some((m) => m.type === 'session.updated' && m.session.state === 'up'));
      // The browser's console shares the running configuration.
      browser.type(consoleId, 'display current-configuration | include tcp');
      await eventually(() => /tcp connect port 1790/.test(browser.terminal(consoleId)));
      // What netmiko read carried no cursor-movement escape sequence.
      expect(readFileSync(log, 'utf8')).not.toMatch(/\x1b/);
      browser.ws.close();
    },
  );

  it('huawei with admin opens the default lab', { timeout: 90_000 }, async () => {
    const r = await netmiko({ device_type: 'huawei', username: 'admin', fast: true, commands: ['display version', 'display users'] });
    expect(r, r.message).toMatchObject({ ok: true, prompt: '<HUAWEI>' });
    expect(r.commands!['display version']).toContain('VRP (R) software');
    expect(r.commands!['display users']).toMatch(/^\+ 129 VTY 0 .* SSH .*\n {2}Username : admin$/m);
    // The session logged out when netmiko disconnected: the VTY is free again.
    await eventually(() => server.lab.device.vtys.size === 0);
  });

  it('refuses a wrong password and an unknown lab the same way', { timeout: 60_000 }, async () => {
    const wrong = await netmiko({ device_type: 'huawei', username: 'admin', password: 'wrong', fast: true });
    const unknown = await netmiko({ device_type: 'huawei', username: 'no-such-lab', fast: true });
    expect(wrong).toMatchObject({ ok: false, error: 'NetMikoAuthenticationException' });
    expect(unknown).toMatchObject({ ok: false, error: 'NetMikoAuthenticationException' });
    expect(String(unknown.message).replace(/no-such-lab/, 'X')).toBe(String(wrong.message).replace(/admin/, 'X'));
  });
});

describe('OpenSSH client in a pty', () => {
  it('logs in with the password, reaches the prompt with no space after it, runs a command, quits', { timeout: 60_000 }, async () => {
    const id = await newLab();
    const r = await python<{ ok: boolean; stage: string; output: string }>('openssh_pty.py', [
      String(sshPort),
      id,
      PASSWORD,
      'display version',
      'system-view',
      'display this',
      'return',
    ]);
    expect(r.stage, r.output).toBe('done');
    expect(r.ok).toBe(true);
    expect(r.output).toContain('Info: The max number of VTY users is 8, the number of current VTY users online is 1');
    expect(r.output).toMatch(/\r\n<HUAWEI>display version\r\nHuawei Versatile Routing Platform Software\r\n/);
    expect(r.output).toContain('[~HUAWEI]display this\r\n#\r\nsysname HUAWEI\r\n#\r\nreturn\r\n[~HUAWEI]return\r\n<HUAWEI>quit\r\n');
    await eventually(() => server.labs.get(id)!.device.vtys.size === 0);
  });
});

describe('SSH sessions as VTYs', () => {
  it('each shell is its own VTY: own view and candidate, shared running configuration, banner counts VTYs', async () => {
    const id = await newLab();
    const a = await sshShell(sshPort, id);
    await a.waitFor(/<HUAWEI>$/);
    const b = await sshShell(sshPort, id);
    await b.waitFor(/<HUAWEI>$/);
    expect(b.text()).toContain('the number of current VTY users online is 2, and total number of terminal users is 2.');
    let mark = a.text().length;
    a.write('system-view\rsysname EDGE\r');
    await a.waitFor(/\[\*HUAWEI\]$/, mark);
    // B does not see A's uncommitted candidate…
    mark = b.text().length;
    b.write('display current-configuration | include sysname\r');
    expect(await b.waitFor(/<HUAWEI>$/, mark)).toContain('sysname HUAWEI');
    // …until A commits; then B's next prompt has the new name.
    mark = a.text().length;
    a.write('commit\r');
    await a.waitFor(/\[~EDGE\]$/, mark);
    mark = b.text().length;
    b.write('\r');
    await b.waitFor(/<EDGE>$/, mark);
    a.client.end();
    b.client.end();
  });

  it('quit in the user view logs out and closes the connection; the Y/N/C question comes first with uncommitted changes', async () => {
    const id = await newLab();
    const s = await sshShell(sshPort, id);
    await s.waitFor(/<HUAWEI>$/);
    let mark = s.text().length;
    s.write('system-view\rbmp\rquit\rquit\r');
    await s.waitFor(/\[Y\(yes\)\/N\(no\)\/C\(cancel\)\]:$/, mark);
    mark = s.text().length;
    s.write('c\r');
    await s.waitFor(/\[\*HUAWEI\]$/, mark);
    mark = s.text().length;
    s.write('clear configuration candidate\r');
    await s.waitFor(/\[~HUAWEI\]$/, mark);
    s.write('return\rquit\r');
    await s.closed;
    await connectionEnds(s.client);
    expect(server.labs.get(id)!.device.vtys.size).toBe(0);
  });

  it('an exec request runs its lines in a fresh VTY and closes with the exit status', async () => {
    const id = await newLab();
    const ok = await sshExec(sshPort, id, 'display version');
    expect(ok.code).toBe(0);
    expect(ok.output).toMatch(/^Huawei Versatile Routing Platform Software\nVRP \(R\) software/);
    expect(ok.output).not.toMatch(/\x1b|\r/);
    const bad = await sshExec(sshPort, id, 'display nonsense');
    expect(bad.code).toBe(1);
    expect(bad.output).toContain("Error: Unrecognized command found at '^' position.");
    // Several lines, one a question's answer.
    const multi = await sshExec(sshPort, id, 'system-view\nsysname R9\ncommit\nreturn\nsave\ny\ny');
    expect(multi.output).toContain('Info: Save the configuration successfully.');
    expect(server.labs.get(id)!.device.running.sysname).toBe('R9');
    expect(server.labs.get(id)!.device.vtys.size).toBe(0);
  });

  it('screen-length 0 temporary turns paging off for that session only; output is never wrapped at the pty width', async () => {
    const id = await newLab();
    const lab = server.labs.get(id)!;
    // Enough configuration for more than a page.
    const t = lab.device.openConsole();
    for (const l of ['system-view', 'bmp', ...Array.from({ length: 15 }, (_, i) => [`bmp-session 10.9.9.${i}`, 'tcp connect port 1790', 'quit']).flat(), 'commit', 'return'])
      t.execute(l);
    const paged = await sshShell(sshPort, id, { term: 'xterm', cols: 200, rows: 24 });
    const unpaged = await sshShell(sshPort, id, { term: 'xterm', cols: 200, rows: 24 });
    await paged.waitFor(/<HUAWEI>$/);
    await unpaged.waitFor(/<HUAWEI>$/);
    let mark = unpaged.text().length;
    unpaged.write('screen-length 0 temporary\r');
    expect(await unpaged.waitFor(/<HUAWEI>$/, mark)).toContain('Info: The configuration takes effect on the current user terminal interface only.');
    mark = unpaged.text().length;
    unpaged.write('display current-configuration\r');
    const all = await unpaged.waitFor(/\r\nreturn\r\n<HUAWEI>$/, mark);
    expect(all).not.toContain('---- More ----');
    mark = paged.text().length;
    paged.write('display current-configuration\r');
    await paged.waitFor(/ {2}---- More ----$/, mark);
    paged.write('q');
    await paged.waitFor(/<HUAWEI>$/, mark);
    // A 150-character line echoes on one row of a 200-column terminal (no wrap at 80).
    mark = unpaged.text().length;
    const long = 'display current-configuration | include ' + 'x'.repeat(110);
    unpaged.write(long + '\r');
    const echoed = await unpaged.waitFor(/<HUAWEI>$/, mark);
    expect(echoed.startsWith(long + '\r\n')).toBe(true);
    paged.client.end();
    unpaged.client.end();
  });

  it('a terminal without cursor addressing gets no escape sequence, whatever is typed; an xterm gets the full editor', async () => {
    const id = await newLab();
    // Tab, backspaces, arrows, ? help, Ctrl+A/E/W, then Ctrl+Z and its question.
    const keys = 'dis\tver\x7f\x7f\x7fversion\x1b[D\x1b[D?\x1b[C\x1b[C\rsystem-view\rbmp\x01\x05\x17bmp\rdisplay this\r\x1an\r';
    const dumb = await sshShell(sshPort, id, { term: 'dumb', cols: 80, rows: 24 });
    await dumb.waitFor(/<HUAWEI>$/);
    dumb.write(keys);
    await dumb.waitFor(/\[\*HUAWEI-bmp\]display this[\s\S]*<HUAWEI>$/);
    expect(dumb.text()).not.toMatch(/\x1b/);
    const none = await sshShell(sshPort, id, false);
    await none.waitFor(/<HUAWEI>$/);
    none.write(keys);
    await none.waitFor(/\[\*HUAWEI-bmp\]display this[\s\S]*<HUAWEI>$/);
    expect(none.text()).not.toMatch(/\x1b/);
    const xterm = await sshShell(sshPort, id, { term: 'xterm-256color', cols: 80, rows: 24 });
    await xterm.waitFor(/<HUAWEI>$/);
    xterm.write(keys);
    await xterm.waitFor(/\[\*HUAWEI-bmp\]display this[\s\S]*<HUAWEI>$/);
    expect(xterm.text()).toMatch(/\x1b\[\d*C/);
    for (const s of [dumb, none, xterm]) s.client.end();
  });

  it('a session cannot reach another lab: its commits and users stay in its own lab', async () => {
    const a = await newLab();
    const b = await newLab();
    const s = await sshShell(sshPort, a);
    await s.waitFor(/<HUAWEI>$/);
    const mark = s.text().length;
    s.write('system-view\rsysname ONLY-A\rcommit\rdisplay users\r');
    await s.waitFor(/display users[\s\S]*\[~ONLY-A\]$/, mark);
    expect(server.labs.get(a)!.device.running.sysname).toBe('ONLY-A');
    expect(server.labs.get(b)!.device.running.sysname).toBe('HUAWEI');
    expect(server.labs.get(b)!.device.vtys.size).toBe(0);
    expect(server.lab.device.vtys.size).toBe(0);
    s.client.end();
  });

  it('a deleted lab disconnects its SSH users', async () => {
    const id = await newLab();
    const s = await sshShell(sshPort, id);
    await s.waitFor(/<HUAWEI>$/);
    expect((await fetch(`${server.url}/api/labs/${id}`, { method: 'DELETE' })).status).toBe(204);
    await connectionEnds(s.client);
    await expect(sshConnect(sshPort, id)).rejects.toThrow(/authentication/i);
  });

  it('survives hostile input: random bytes, a huge line, many channels; the line stays bounded and the VTY answers', { timeout: 30_000 }, async () => {
    const id = await newLab();
    const s = await sshShell(sshPort, id);
    await s.waitFor(/<HUAWEI>$/);
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    // A megabyte of random keystrokes (seeded: the same keys every run), then back to the user view.
    for (let i = 0; i < 64; i++) s.write(Buffer.from(Array.from({ length: 16 * 1024 }, rnd)));
    s.write('\x03\x1a\rn\r\x03screen-length 0 temporary\rdisplay version\r');
    await s.waitFor(/HUAWEI NE40E-M2K-B uptime is[^\n]*\r\n<HUAWEI>$/, 0, 20_000);
    // A 200,000-character line: the editor keeps VRP's 3100 and answers the rest with one bell, not 197,000.
    const mark = s.text().length;
    s.write('x'.repeat(200_000) + '\x03');
    await s.waitFor(/\r\n<HUAWEI>$/, mark);
    expect(s.text().length - mark).toBeLessThan(3100 + 200);
    expect(server.labs.get(id)!.device.vtys.users()).toHaveLength(1);
    // At most four session channels on one connection.
    const opened = await Promise.all(Array.from({ length: 8 }, () => new Promise<boolean>((resolve) => s.client.exec('display version', (err) => resolve(!err)))));
    expect(opened.filter(Boolean).length).toBe(3);
    s.client.end();
    // Connections that never log in: one sending garbage, and more silent ones than the server keeps waiting.
    const raw = await Promise.all(
      Array.from(
        { length: 140 },
        () =>
          new Promise<Socket>((resolve) => {
            const sock = connect(sshPort, '127.0.0.1', () => resolve(sock));
            sock.on('error', () => {});
          }),
      ),
    );
    raw[0]!.write(Buffer.concat([Buffer.from('SSH-2.0-garbage\r\n'), Buffer.from(Array.from({ length: 4096 }, rnd))]));
    const closed = new Set<number>();
    raw.forEach((sock, i) => sock.once('close', () => closed.add(i)));
    // Those beyond the server's 128 waiting logins are dropped at once (the rest by the login deadline).
    await eventually(() => closed.size >= 140 - 128);
    expect(Math.min(...closed)).toBeGreaterThanOrEqual(100);
    for (const sock of raw) sock.destroy();
    // Once the server has seen them go, it takes a login again.
    const until = Date.now() + 10_000;
    let again: Awaited<ReturnType<typeof sshShell>> | null = null;
    while (!again) {
      again = await sshShell(sshPort, id).catch((e: unknown) => {
        if (Date.now() > until) throw e;
        return null;
      });
    }
    await again.waitFor(/<HUAWEI>$/);
    again.client.end();
  });

  it('closes a connection that never speaks SSH, or logs in and opens nothing, after the login deadline', async () => {
    const saved = SSH_LIMITS.idleConnectionMs;
    SSH_LIMITS.idleConnectionMs = 300;
    try {
      const silent = connect(sshPort, '127.0.0.1');
      silent.on('error', () => {});
      // Read what the server says (its identification), so that its close is seen.
      silent.resume();
      const silentClosed = new Promise<void>((resolve) => silent.once('close', () => resolve()));
      const idle = await sshConnect(sshPort, 'admin');
      await connectionEnds(idle);
      await silentClosed;
      // A connection with a shell open is never closed by it.
      const busy = await sshShell(sshPort, 'admin');
      await busy.waitFor(/<HUAWEI>$/);
      const mark = busy.text().length;
      busy.write('display version\r');
      await busy.waitFor(/<HUAWEI>$/, mark);
      busy.client.end();
    } finally {
      SSH_LIMITS.idleConnectionMs = saved;
    }
  });

  it('the idle timeout (10 minutes of protocol time by default) disconnects an idle SSH user; idle-timeout 0 0 never', { timeout: 30_000 }, async () => {
    // 10 protocol minutes take one second.
    const fast = await serveVty({ BMPLAB_TIME_SCALE: '600', BMPLAB_TELNET_LISTEN: 'off' });
    try {
      const port = fast.ssh!.port;
      const t0 = Date.now();
      const s = await sshShell(port, 'admin');
      await s.waitFor(/<HUAWEI>$/);
      await connectionEnds(s.client, 10_000);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
      expect(fast.lab.device.vtys.size).toBe(0);
      const keeper = await sshShell(port, 'admin');
      await keeper.waitFor(/<HUAWEI>$/);
      keeper.write('system-view\ruser-interface vty 0 4\ridle-timeout 0 0\rcommit\r');
      await keeper.waitFor(/\[~HUAWEI-ui-vty0-4\]$/);
      // A second user whose line times out after 2 protocol seconds; the keeper stays.
      keeper.write('quit\ruser-interface vty 1\ridle-timeout 0 2\rcommit\r');
      await keeper.waitFor(/\[~HUAWEI-ui-vty1\]$/);
      const brief = await sshShell(port, 'admin');
      await brief.waitFor(/<HUAWEI>$/);
      await connectionEnds(brief.client, 10_000);
      expect(fast.lab.device.vtys.users().map((u) => u.number)).toEqual([0]);
      keeper.client.end();
    } finally {
      await fast.close();
    }
  });

  it('keeps its host key in BMPLAB_DATA_DIR: the same key after a restart, mode 0600', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmplab-hostkey-'));
    try {
      const first = await serveVty({ BMPLAB_DATA_DIR: dir, BMPLAB_TELNET_LISTEN: 'off' });
      const fingerprint = first.ssh!.fingerprint;
      await first.close();
      expect(statSync(join(dir, 'ssh_host_ed25519_key')).mode & 0o777).toBe(0o600);
      const second = await serveVty({ BMPLAB_DATA_DIR: dir, BMPLAB_TELNET_LISTEN: 'off' });
      expect(second.ssh!.fingerprint).toBe(fingerprint);
      expect(fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rate-limits failed logins per source: past ten failures even the right password is refused', { timeout: 30_000 }, async () => {
    const guarded = await serveVty({ BMPLAB_TELNET_LISTEN: 'off' });
    try {
      const port = guarded.ssh!.port;
      for (let i = 0; i < 10; i++) await expect(sshConnect(port, 'admin', `wrong${i}`)).rejects.toThrow(/authentication/i);
      await expect(sshConnect(port, 'admin', PASSWORD)).rejects.toThrow(/authentication/i);
    } finally {
      await guarded.close();
    }
  });
});
