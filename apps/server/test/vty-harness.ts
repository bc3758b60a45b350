import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ssh2 from 'ssh2';
import type { ClientChannel, PseudoTtyOptions } from 'ssh2';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';

const { Client } = ssh2;

/** Debian's python3, where python3-netmiko is installed (another python3 may come first on PATH). */
export const PYTHON = '/usr/bin/python3';
export const AUTOMATION = fileURLToPath(new URL('./automation/', import.meta.url));
export const PASSWORD = 'Huawei@123';

/** A server with SSH (and Telnet) on free loopback ports. */
export async function serveVty(env: Record<string, string> = {}): Promise<RunningServer> {
  return startServer(
    readConfig({
      PORT: '0',
      BMPLAB_TIME_SCALE: '50',
      BMPLAB_COLLECTOR_LISTEN: 'off',
      BMPLAB_SSH_LISTEN: '127.0.0.1:0',
      BMPLAB_TELNET_LISTEN: '127.0.0.1:0',
      ...env,
    }),
  );
}

/** Run a program to its end without blocking the server in this process; stdout, stderr, exit code. */
export function run(cmd: string, args: readonly string[], options: { timeoutMs?: number; env?: Record<string, string>; cwd?: string } = {}) {
  return new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve, reject) => {
    if (cmd.startsWith('/') && !existsSync(cmd)) return reject(new Error(`${cmd} not found`));
    const child = spawn(cmd, args, { env: { ...process.env, ...options.env }, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

/** Run one of the automation scripts with Debian's python3; its last stdout line is JSON. */
export async function python<T = Record<string, unknown>>(script: string, args: readonly string[], timeoutMs = 90_000): Promise<T> {
  const r = await run(PYTHON, [AUTOMATION + script, ...args], { timeoutMs });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new Error(`${script} printed no result (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

/** Whether Debian's python3 has netmiko (python3-netmiko). */
export async function hasNetmiko(): Promise<boolean> {
  const r = await run(PYTHON, ['-c', 'import netmiko']).catch(() => null);
  return r?.code === 0;
}

export interface SshShell {
  client: InstanceType<typeof Client>;
  channel: ClientChannel;
  /** Everything the server wrote so far. */
  text: () => string;
  /** Resolves when the written text (from `from` on) matches. */
  waitFor(re: RegExp, from?: number, ms?: number): Promise<string>;
  write(data: string | Buffer): void;
  closed: Promise<void>;
}

/** A logged-in SSH connection (ssh2's client), or the error that refused it. */
export function sshConnect(port: number, username: string, password = PASSWORD): Promise<InstanceType<typeof Client>> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    ended.set(client, false);
    client.once('close', () => {
      ended.set(client, true);
      reject(new Error('the server closed the connection'));
    });
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.connect({ host: '127.0.0.1', port, username, password, readyTimeout: 10_000, tryKeyboard: false });
  });
}

/** An interactive shell: with a pty of this type and size, or none. */
export async function sshShell(port: number, username: string, pty: PseudoTtyOptions | false = { term: 'xterm', cols: 80, rows: 24 }): Promise<SshShell> {
  const client = await sshConnect(port, username);
  const channel = await new Promise<ClientChannel>((resolve, reject) => client.shell(pty === false ? false : pty, (err, ch) => (err ? reject(err) : resolve(ch))));
  let out = '';
  channel.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const closed = new Promise<void>((resolve) => channel.on('close', () => resolve()));
  return {
    client,
    channel,
    text: () => out,
    write: (d) => channel.write(d),
    closed,
    async waitFor(re, from = 0, ms = 10_000) {
      await eventually(() => re.test(out.slice(from)), ms);
      return out.slice(from);
    },
  };
}

/** Run an exec request; its output and exit status. */
export async function sshExec(port: number, username: string, command: string): Promise<{ output: string; code: number | null }> {
  const client = await sshConnect(port, username);
  try {
    return await new Promise((resolve, reject) =>
      client.exec(command, (err, ch) => {
        if (err) return reject(err);
        let output = '';
        let code: number | null = null;
        ch.on('data', (d: Buffer) => (output += d.toString('utf8')));
        ch.on('exit', (c: number | null) => (code = c));
        ch.on('close', () => resolve({ output, code }));
      }),
    );
  } finally {
    client.end();
  }
}

/** Whether each connection has closed (watched from its start, so a close is never missed). */
const ended = new WeakMap<InstanceType<typeof Client>, boolean>();

/** Resolves once the connection has ended (rejects after `ms`). */
export async function connectionEnds(client: InstanceType<typeof Client>, ms = 10_000): Promise<void> {
  await eventually(() => ended.get(client) === true, ms);
}
