import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '../src/app.js';
import { eventually } from './lab-harness.js';
import { PASSWORD, run, serveVty } from './vty-harness.js';

/**
 * Debian's Ansible (apt-get install -y ansible), offline with its bundled
 * collections: `network_cli` with `community.network.ce` (Huawei's VRP/CE
 * terminal plugin: prompt and error patterns, `screen-length 0 temporary` on
 * open) runs `display version` on a lab over SSH.
 */
const PLAYBOOK = '/usr/bin/ansible-playbook';

let server: RunningServer;
let dir: string;
beforeAll(async () => {
  server = await serveVty({ BMPLAB_TELNET_LISTEN: 'off' });
  dir = mkdtempSync(join(tmpdir(), 'bmplab-ansible-'));
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Ansible network_cli with community.network.ce', () => {
  it('runs display version on a lab (ce_command) and its session is a VTY of that lab', { timeout: 120_000 }, async () => {
    expect(existsSync(PLAYBOOK), 'ansible-playbook not found: apt-get install -y ansible').toBe(true);
    const res = await fetch(`${server.url}/api/labs`, { method: 'POST' });
    const id = ((await res.json()) as { id: string }).id;
    writeFileSync(
      join(dir, 'inventory.ini'),
      [
        '[vrp]',
        `lab ansible_host=127.0.0.1 ansible_port=${server.ssh!.port}`,
        '[vrp:vars]',
        'ansible_connection=ansible.netcommon.network_cli',
        'ansible_network_os=community.network.ce',
        `ansible_user=${id}`,
        `ansible_password=${PASSWORD}`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'play.yml'),
      [
        '- hosts: vrp',
        '  gather_facts: false',
        '  tasks:',
        '    - name: display version and users',
        '      community.network.ce_command:',
        '        commands: [display version, display users]',
        '      register: out',
        '    - name: show',
        '      ansible.builtin.debug:',
        '        var: out.stdout_lines',
        '',
      ].join('\n'),
    );
    const r = await run(PLAYBOOK, ['-i', 'inventory.ini', 'play.yml'], {
      cwd: dir,
      timeoutMs: 110_000,
      env: {
        ANSIBLE_HOST_KEY_CHECKING: 'False',
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_RETRY_FILES_ENABLED: '0',
        ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
        ANSIBLE_PERSISTENT_CONTROL_PATH_DIR: join(dir, 'pc'),
        ANSIBLE_PERSISTENT_COMMAND_TIMEOUT: '60',
      },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('"Huawei Versatile Routing Platform Software"');
    expect(r.stdout).toMatch(/"VRP \(R\) software, Version 8\.\d+ \(NE40E V800R\w+\)"/);
    expect(r.stdout).toMatch(/"\+ 129 VTY 0 {3}\d\d:\d\d:\d\d {2}SSH {4}127\.0\.0\.1 +pass"/);
    expect(r.stdout).toMatch(/lab\s+: ok=2\s+changed=0\s+unreachable=0\s+failed=0/);
    // Ansible's persistent connection logs out when the play ends.
    await eventually(() => server.labs.get(id)!.device.vtys.size === 0, 40_000);
  });
});
