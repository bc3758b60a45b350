import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ParsedKey, ServerChannel, Session } from 'ssh2';
import type { LabManager } from '../lab/lab-manager.js';
import type { Lab } from '../lab/lab.js';
import type { LabRouter } from '../lab/lab-router.js';
import type { LoginGuard } from './login-guard.js';
import { VTY_FULL } from './vty-link.js';
import type { VtyLink, VtyLinks } from './vty-link.js';
import { runLinesWithNotices } from '../console/run-with-notices.js';
import { log } from '../log.js';

const { Server: Ssh2Server, utils } = ssh2;

/** The host key file in BMPLAB_DATA_DIR (OpenSSH format). */
export const HOST_KEY_FILE = 'ssh_host_ed25519_key';

/**
 * The server's software version in its SSH identification string.
 * ⚠ INFERRED: what VRP devices are commonly seen to announce.
 */
export const SSH_IDENT = 'HUAWEI-1.5';

/** Limits that keep a hostile client from growing the server. */
export const SSH_LIMITS = {
  /** TCP connections at once, all sources. */
  connections: 512,
  /** Connections not logged in yet, all sources (each costs a key exchange). */
  unauthenticated: 128,
  /** A connection must log in and open a shell or exec within this long, and is closed when it has none for this long. */
  idleConnectionMs: 60_000,
  /** Password attempts on one connection. */
  attemptsPerConnection: 6,
  /** Session channels open at once on one connection (each a VTY). */
  channelsPerConnection: 4,
  /** A failed login is answered after this long, whatever was wrong. */
  failureDelayMs: 250,
  /** Lines of one exec request. */
  execLines: 500,
};

export interface SshServerOptions {
  host: string;
  port: number;
  /** BMPLAB_DATA_DIR: the host key is generated once and kept there; null: a new key in memory. */
  dataDir: string | null;
  labs: LabManager;
  links: VtyLinks;
  guard: LoginGuard;
}

export interface RunningSshServer {
  host: string;
  port: number;
  /** SHA-256 fingerprint of the host key, as OpenSSH prints it (`SHA256:…`). */
  fingerprint: string;
  close(): Promise<void>;
}

/** The host key: read from the data directory, or generated (and written there, mode 0600). */
export function loadHostKey(dataDir: string | null): string {
  if (dataDir === null) return newHostKey().private;
  const file = path.join(dataDir, HOST_KEY_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const key = newHostKey();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, key.private, { mode: 0o600 });
  writeFileSync(`${file}.pub`, `${key.public}\n`, { mode: 0o644 });
  chmodSync(file, 0o600);
  return key.private;
}

/**
 * A fresh ed25519 key pair that ssh2 can read back. ssh2's key generator
 * strips leading zero bytes from the public key, so about one key in 256
 * (a public key starting with 0x00) comes out malformed and the server could
 * not start; such a key is simply generated again.
 */
function newHostKey(): { private: string; public: string } {
  for (let attempt = 0; attempt < 16; attempt++) {
    const key = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(key.private) instanceof Error) && !(utils.parseKey(key.public) instanceof Error)) return key;
  }
  throw new Error('could not generate an SSH host key that ssh2 reads back');
}

/** `SHA256:…`: the public key's SHA-256 in base64 without padding, as OpenSSH prints fingerprints. */
function fingerprintOf(privateKey: string): string {
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  // A file of several keys parses to an array, which ssh2's types leave out.
  const key = Array.isArray(parsed) ? (parsed as ParsedKey[])[0]! : parsed;
  return `SHA256:${createHash('sha256').update(key.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
}

/** A terminal type without cursor addressing. */
function isDumb(term: string): boolean {
  return term === '' || term === 'dumb' || term === 'unknown';
}

/**
 * The SSH server (BMPLAB_SSH_LISTEN): password logins (`admin` for the
 * default lab, a lab id for that lab, BMPLAB_SSH_PASSWORD), each `shell`
 * channel a VTY of the lab with VRP's banner and prompt, each `exec` channel
 * its lines run in a fresh VTY. Everything else (port forwarding, agent, X11,
 * subsystems such as SFTP) is refused.
 */
export async function startSshServer(options: SshServerOptions): Promise<RunningSshServer> {
  const hostKey = loadHostKey(options.dataDir);
  const ssh = new Ssh2Server({ hostKeys: [hostKey], ident: SSH_IDENT });
  ssh.on('error', () => {});
  /** Connections between TCP accept and the client's SSH identification, by remote endpoint. */
  const pending = new Map<string, SocketState>();
  const sockets = new Set<Socket>();
  let unauthenticated = 0;

  const tcp = createServer((socket) => {
    if (sockets.size >= SSH_LIMITS.connections || unauthenticated >= SSH_LIMITS.unauthenticated) {
      socket.destroy();
      return;
    }
    // Interactive keystrokes and echoes: no Nagle delay (as OpenSSH does for sessions with a tty).
    socket.setNoDelay(true);
    sockets.add(socket);
    unauthenticated++;
    let counted = true;
    const uncount = () => {
      if (counted) unauthenticated--;
      counted = false;
    };
    const key = `${socket.remoteAddress}|${socket.remotePort}`;
    // Nothing logged in and working within the deadline: gone (also a client that never speaks SSH).
    let deadline: NodeJS.Timeout | null = null;
    const arm = () => {
      if (deadline) clearTimeout(deadline);
      deadline = setTimeout(() => socket.destroy(), SSH_LIMITS.idleConnectionMs);
      deadline.unref();
    };
    arm();
    pending.set(key, {
      authenticated: () => uncount(),
      busy: (busy) => {
        if (!busy) return arm();
        if (deadline) clearTimeout(deadline);
        deadline = null;
      },
    });
    socket.on('error', () => {});
    socket.once('close', () => {
      if (deadline) clearTimeout(deadline);
      uncount();
      sockets.delete(socket);
      pending.delete(key);
    });
    ssh.injectSocket(socket);
  });

  ssh.on('connection', (client: Connection, info) => {
    const key = `${info.ip}|${info.port}`;
    const state = pending.get(key);
    pending.delete(key);
    if (!state) return client.end();
    serveClient(client, (info.ip ?? '').replace(/^::ffff:/, ''), state, options);
  });

  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(options.port, options.host, () => {
      tcp.off('error', reject);
      resolve();
    });
  });
  tcp.on('error', (e) => log.error(`ssh server: ${e.message}`));
  const address = tcp.address() as AddressInfo;
  return {
    host: options.host,
    port: address.port,
    fingerprint: fingerprintOf(hostKey),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        tcp.close(() => resolve());
      }),
  };
}

interface SocketState {
  /** The client logged in: it no longer counts as unauthenticated. */
  authenticated(): void;
  /** A shell or exec is running (no idle deadline), or none is any more (the deadline starts again). */
  busy(busy: boolean): void;
}

function serveClient(client: Connection, source: string, state: SocketState, options: SshServerOptions): void {
  const { guard, labs, links } = options;
  let lab: Lab | null = null;
  /** The router the login picked (its topology sysname), looked up again as each channel opens. */
  let routerName = '';
  let user = '';
  let attempts = 0;
  let channels = 0;
  let working = 0;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    try {
      client.end();
    } catch {
      /* already gone */
    }
  };
  client.on('error', () => {});
  client.on('close', () => {
    ended = true;
  });

  client.on('authentication', (ctx: AuthContext) => {
    if (ctx.method !== 'password') return ctx.reject(['password']);
    attempts++;
    const found = guard.check(source, ctx.username, ctx.password, 'ssh');
    if (found) {
      lab = found.lab;
      routerName = found.router.sysname;
      user = ctx.username;
      return ctx.accept();
    }
    // The same answer, after the same delay, whichever part was wrong (or a source refused for its failures).
    setTimeout(() => {
      if (ended) return;
      try {
        ctx.reject(['password']);
      } catch {
        /* the client left */
      }
      if (attempts >= SSH_LIMITS.attemptsPerConnection || guard.blocked(source)) end();
    }, SSH_LIMITS.failureDelayMs).unref();
  });

  client.on('ready', () => {
    state.authenticated();
    client.on('session', (accept, reject) => {
      if (channels >= SSH_LIMITS.channelsPerConnection) return reject();
      channels++;
      const session: Session = accept();
      let pty: { term: string; cols: number; rows: number } | null = null;
      let link: VtyLink | null = null;
      let started = false;
      const begin = () => {
        started = true;
        if (working++ === 0) state.busy(true);
      };
      session.on('pty', (acceptPty, _reject, info) => {
        pty = { term: info.term ?? '', cols: clampSize(info.cols, 80), rows: clampSize(info.rows, 24) };
        acceptPty?.();
      });
      session.on('window-change', (acceptChange, _reject, info) => {
        if (pty) {
          pty.cols = clampSize(info.cols, pty.cols);
          pty.rows = clampSize(info.rows, pty.rows);
          link?.resize(pty.cols, pty.rows);
        }
        acceptChange?.();
      });
      session.on('env', (_accept, rejectEnv) => rejectEnv?.());
      session.on('shell', (acceptShell, rejectShell) => {
        if (started) return rejectShell?.();
        const current = lab && labs.get(lab.id);
        const router = current?.router(routerName);
        const stream = acceptShell();
        begin();
        if (!current || !router) return closeChannel(stream, 1);
        if (!links.hasRoom(router)) {
          stream.write(`${VTY_FULL}\r\n`);
          return closeChannel(stream, 1);
        }
        const term = pty;
        link = links.open(
          current,
          router,
          { protocol: 'SSH', address: source, user },
          channelIo(stream, () => {
            // The user logged out, timed out, or the lab is gone: VRP ends the connection, once the
            // channel's last output and its exit status are through.
            closeChannel(stream, 0);
            stream.once('close', end);
          }),
          {
            plain: term === null || isDumb(term.term),
            // Without a pty nothing wraps; with one, the client's width.
            cols: term?.cols ?? 100_000,
            rows: term?.rows ?? 24,
          },
        );
        stream.on('data', (data: Buffer) => link?.input(data));
        stream.on('error', () => link?.close());
        stream.on('close', () => link?.close());
      });
      session.on('exec', (acceptExec, rejectExec, info) => {
        if (started) return rejectExec?.();
        const current = lab && labs.get(lab.id);
        const router = current?.router(routerName);
        const stream = acceptExec();
        begin();
        if (!current || !router) return closeChannel(stream, 1);
        if (!links.hasRoom(router)) {
          stream.write(`${VTY_FULL}${pty ? '\r\n' : '\n'}`);
          return closeChannel(stream, 1);
        }
        runExec(current, router, stream, info.command, source, user, pty !== null);
      });
      session.on('subsystem', (_accept, rejectSubsystem) => rejectSubsystem?.());
      session.on('close', () => {
        channels--;
        link?.close();
        if (started && --working === 0) state.busy(false);
      });
    });
    // Port forwarding and other global requests are refused.
    client.on('request', (_accept, rejectRequest) => rejectRequest?.());
    client.on('tcpip', (_accept, rejectTcpip) => rejectTcpip());
    client.on('openssh.streamlocal', (_accept, rejectLocal) => rejectLocal());
  });
}

function clampSize(n: number | undefined, fallback: number): number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 1 ? Math.min(Math.floor(n), 100_000) : fallback;
}

/** Terminal output to an SSH channel; a slow reader stops our reading of its keystrokes until it catches up. */
function channelIo(stream: ServerChannel, onClose: () => void): { write(text: string): void; close(): void } {
  let waiting = false;
  return {
    write(text) {
      if (stream.writable && !stream.write(text) && !waiting) {
        waiting = true;
        stream.pause();
        stream.once('drain', () => {
          waiting = false;
          stream.resume();
        });
      }
    },
    close: onClose,
  };
}

function closeChannel(stream: ServerChannel, status: number): void {
  try {
    if (stream.writable) {
      stream.exit(status);
      stream.end();
    }
  } catch {
    /* the client closed it first */
  }
}

/**
 * An exec request: its command line (one VRP command per line) runs in a
 * fresh VTY of the lab, paging off, and the channel closes with exit status 1
 * if the device printed an `Error:` line, else 0. Without a pty the output
 * ends its lines with LF, with one CRLF. ⚠ INFERRED: no prompt and no echo are
 * printed, as a Unix exec prints only its output.
 */
function runExec(lab: Lab, router: LabRouter, stream: ServerChannel, command: string, source: string, user: string, pty: boolean): void {
  const lines = command.split(/\r?\n/).slice(0, SSH_LIMITS.execLines);
  const terminal = router.device.openVty({ protocol: 'SSH', address: source, user }, { closesOnLogout: true });
  let out: string[];
  try {
    // A commit that could not be stored says so after its output, as on a console.
    out = runLinesWithNotices(
      router.consoles,
      terminal,
      lines.filter((l, i) => l.trim() !== '' || i < lines.length - 1),
    ).results.flatMap((r) => r.output);
  } catch (e) {
    // A bug in a command must not take the server down with it.
    lab.logger.error({ err: e }, 'error running an SSH exec request');
    out = ['Error: The command failed in the lab server; the lab goes on.'];
  } finally {
    terminal.close();
  }
  const nl = pty ? '\r\n' : '\n';
  if (out.length > 0) stream.write(out.join(nl) + nl);
  closeChannel(stream, out.some((l) => l.startsWith('Error:')) ? 1 : 0);
}
