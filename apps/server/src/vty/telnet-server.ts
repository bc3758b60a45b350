import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { LabManager } from '../lab/lab-manager.js';
import type { LoginGuard } from './login-guard.js';
import { isControlChar } from '../security/stored-names.js';
import { VTY_FULL } from './vty-link.js';
import type { VtyLink, VtyLinks } from './vty-link.js';
import { log } from '../log.js';

/** Telnet commands and options (RFC 854, 857, 858, 1073). */
export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const SE = 240;
/** Interrupt Process: Ctrl+C. */
const IP = 244;
export const OPT_ECHO = 1;
export const OPT_SGA = 3;
export const OPT_NAWS = 31;

export const TELNET_LIMITS = {
  connections: 256,
  /** Login must be done within this long. */
  loginMs: 60_000,
  /** Login attempts on one connection (VRP closes the connection after three). */
  attempts: 3,
  /** Characters of a user name or password. */
  field: 128,
  /** Option negotiations answered on one connection (a client cannot make us loop). */
  negotiations: 64,
  /** Bytes of one subnegotiation kept. */
  subnegotiation: 64,
};

/**
 * What the device prints before and around a Telnet login. From VRP
 * transcripts: the Telnet warning, `Login authentication`, then `Username:`
 * and `Password:` with no space after the colon. ⚠ INFERRED: the order of the
 * warning and the login lines, and the failure text (no capture shows it).
 */
export const TELNET_TEXT = {
  warning: 'Warning: Telnet is not a secure protocol, and it is recommended to use Stelnet.',
  login: 'Login authentication',
  username: 'Username:',
  password: 'Password:',
  failed: 'Error: Failed to authenticate.',
};

export interface TelnetServerOptions {
  host: string;
  port: number;
  labs: LabManager;
  links: VtyLinks;
  guard: LoginGuard;
}

export interface RunningTelnetServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

type OptionState = 'no' | 'wantyes' | 'yes';

/**
 * The Telnet protocol of one connection (RFC 854) with minimal option
 * negotiation: the server offers to echo and to suppress go-ahead, and asks
 * for the window size (NAWS); every other option is refused. Incoming data
 * comes out with the protocol removed and CR LF / CR NUL as one CR.
 */
export class TelnetCodec {
  private state: 'data' | 'iac' | 'option' | 'sb' | 'sb-iac' = 'data';
  private verb = 0;
  private sub: number[] = [];
  private lastCr = false;
  private negotiations = 0;
  /** Our side of ECHO and SGA, the client's side of NAWS. */
  private readonly ours = new Map<number, OptionState>([
    [OPT_ECHO, 'no'],
    [OPT_SGA, 'no'],
  ]);
  private readonly theirs = new Map<number, OptionState>([[OPT_NAWS, 'no']]);
  /** The client's window size, once it told us (NAWS). */
  size: { cols: number; rows: number } | null = null;

  constructor(
    private readonly send: (bytes: Buffer) => void,
    private readonly events: { resize?(cols: number, rows: number): void; interrupt?(): void } = {},
  ) {}

  /** The opening offers: WILL ECHO, WILL SGA, DO NAWS. */
  start(): void {
    this.ours.set(OPT_ECHO, 'wantyes');
    this.ours.set(OPT_SGA, 'wantyes');
    this.theirs.set(OPT_NAWS, 'wantyes');
    this.send(Buffer.from([IAC, WILL, OPT_ECHO, IAC, WILL, OPT_SGA, IAC, DO, OPT_NAWS]));
  }

  /** The client is a terminal that reports its size: it draws what the line editor sends. */
  get negotiatedTerminal(): boolean {
    return this.theirs.get(OPT_NAWS) === 'yes';
  }

  /** Bytes from the network in, the user's data out. */
  decode(chunk: Buffer): Buffer {
    const out: number[] = [];
    for (const b of chunk) {
      switch (this.state) {
        case 'data':
          if (b === IAC) {
            this.state = 'iac';
            break;
          }
          // CR LF and CR NUL are one Enter.
          if (this.lastCr && (b === 10 || b === 0)) {
            this.lastCr = false;
            break;
          }
          this.lastCr = b === 13;
          out.push(b);
          break;
        case 'iac':
          this.lastCr = false;
          if (b === IAC) {
            out.push(IAC);
            this.state = 'data';
          } else if (b >= WILL && b <= DONT) {
            this.verb = b;
            this.state = 'option';
          } else if (b === SB) {
            this.sub = [];
            this.state = 'sb';
          } else {
            if (b === IP) this.events.interrupt?.();
            this.state = 'data';
          }
          break;
        case 'option':
          this.negotiate(this.verb, b);
          this.state = 'data';
          break;
        case 'sb':
          if (b === IAC) this.state = 'sb-iac';
          else if (this.sub.length < TELNET_LIMITS.subnegotiation) this.sub.push(b);
          break;
        case 'sb-iac':
          if (b === SE) {
            this.subnegotiation(this.sub);
            this.state = 'data';
          } else if (b === IAC) {
            if (this.sub.length < TELNET_LIMITS.subnegotiation) this.sub.push(IAC);
            this.state = 'sb';
          } else this.state = 'data';
          break;
      }
    }
    return Buffer.from(out);
  }

  /** Terminal text out: IAC doubled, a CR that does not end a line followed by NUL (RFC 854). */
  encode(text: string): Buffer {
    const bytes = Buffer.from(text.replace(/\r(?!\n)/g, '\r\0'), 'utf8');
    if (!bytes.includes(IAC)) return bytes;
    const out: number[] = [];
    for (const b of bytes) out.push(...(b === IAC ? [IAC, IAC] : [b]));
    return Buffer.from(out);
  }

  private reply(verb: number, option: number): void {
    if (this.negotiations++ >= TELNET_LIMITS.negotiations) return;
    this.send(Buffer.from([IAC, verb, option]));
  }

  /** RFC 1143's rules, reduced to the options we support: agree once, refuse the rest, never answer an answer. */
  private negotiate(verb: number, option: number): void {
    if (verb === DO || verb === DONT) {
      const s = this.ours.get(option);
      if (s === undefined) {
        if (verb === DO) this.reply(WONT, option);
        return;
      }
      if (verb === DO && s === 'no') {
        this.ours.set(option, 'yes');
        this.reply(WILL, option);
      } else if (verb === DO) this.ours.set(option, 'yes');
      else if (s === 'yes') {
        this.ours.set(option, 'no');
        this.reply(WONT, option);
      } else this.ours.set(option, 'no');
      return;
    }
    const s = this.theirs.get(option);
    if (s === undefined) {
      if (verb === WILL) this.reply(DONT, option);
      return;
    }
    if (verb === WILL && s === 'no') {
      this.theirs.set(option, 'yes');
      this.reply(DO, option);
    } else if (verb === WILL) this.theirs.set(option, 'yes');
    else if (s === 'yes') {
      this.theirs.set(option, 'no');
      this.reply(DONT, option);
    } else this.theirs.set(option, 'no');
  }

  private subnegotiation(sub: number[]): void {
    if (sub[0] !== OPT_NAWS || sub.length < 5) return;
    const cols = (sub[1]! << 8) | sub[2]!;
    const rows = (sub[3]! << 8) | sub[4]!;
    if (cols < 1 || rows < 1) return;
    this.size = { cols, rows };
    this.events.resize?.(cols, rows);
  }
}

/** Keystrokes of the login prompts: escape sequences (arrow keys…) dropped. */
const ESCAPE = /\x1b(?:\[[0-9;]*[A-Za-z~]?|O[A-Za-z]?)?/g;

/**
 * The Telnet server (BMPLAB_TELNET_LISTEN): VRP's `Username:` / `Password:`
 * login (the same names and password as SSH), then a VTY of the lab. A
 * client that reports its window size gets the full line editor; one that
 * negotiates nothing (a script) gets output without escape sequences.
 */
export async function startTelnetServer(options: TelnetServerOptions): Promise<RunningTelnetServer> {
  const sockets = new Set<Socket>();
  const tcp = createServer((socket) => {
    if (sockets.size >= TELNET_LIMITS.connections) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    serveTelnet(socket, options);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(options.port, options.host, () => {
      tcp.off('error', reject);
      resolve();
    });
  });
  tcp.on('error', (e) => log.error(`telnet server: ${e.message}`));
  return {
    host: options.host,
    port: (tcp.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        tcp.close(() => resolve());
      }),
  };
}

function serveTelnet(socket: Socket, options: TelnetServerOptions): void {
  const source = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  let link: VtyLink | null = null;
  let waiting = false;
  const write = (bytes: Buffer) => {
    if (socket.writable && !socket.write(bytes) && !waiting) {
      // A client that does not read: stop reading its input until it does.
      waiting = true;
      socket.pause();
      socket.once('drain', () => {
        waiting = false;
        socket.resume();
      });
    }
  };
  const codec = new TelnetCodec(write, {
    resize: (cols, rows) => link?.resize(cols, rows),
    interrupt: () => link?.input('\x03'),
  });
  const text = (t: string) => write(codec.encode(t));
  const decoder = new StringDecoder('utf8');
  const deadline = setTimeout(() => socket.destroy(), TELNET_LIMITS.loginMs);
  deadline.unref();
  socket.once('close', () => {
    clearTimeout(deadline);
    link?.close();
  });

  codec.start();
  if (options.guard.blocked(source)) {
    text(`\r\n${TELNET_TEXT.failed}\r\n`);
    socket.end();
    return;
  }
  text(`\r\n${TELNET_TEXT.warning}\r\n\r\n${TELNET_TEXT.login}\r\n\r\n\r\n${TELNET_TEXT.username}`);

  let field: 'username' | 'password' = 'username';
  let typed = '';
  let username = '';
  let attempts = 0;

  const submit = () => {
    if (field === 'username') {
      // An empty name asks again (a client pressing Enter to wake the device up is not a failed login).
      // ⚠ INFERRED: VRP's answer to an empty user name; no capture shows it.
      if (typed.trim() === '') {
        typed = '';
        text(`\r\n${TELNET_TEXT.username}`);
        return;
      }
      username = typed;
      typed = '';
      field = 'password';
      text(`\r\n${TELNET_TEXT.password}`);
      return;
    }
    const password = typed;
    typed = '';
    attempts++;
    const found = options.guard.check(source, username, password, 'telnet');
    if (!found) {
      text(`\r\n${TELNET_TEXT.failed}\r\n`);
      if (attempts >= TELNET_LIMITS.attempts || options.guard.blocked(source)) {
        socket.end();
        return;
      }
      field = 'username';
      text(`\r\n${TELNET_TEXT.username}`);
      return;
    }
    clearTimeout(deadline);
    text('\r\n');
    if (!options.links.hasRoom(found.router)) {
      text(`${VTY_FULL}\r\n`);
      socket.end();
      return;
    }
    const terminal = codec.negotiatedTerminal;
    link = options.links.open(
      found.lab,
      found.router,
      { protocol: 'TEL', address: source, user: username },
      { write: (t) => text(t), close: () => socket.end() },
      { plain: !terminal, cols: terminal ? (codec.size?.cols ?? 80) : 100_000, rows: codec.size?.rows ?? 24 },
    );
  };

  socket.on('data', (chunk: Buffer) => {
    const data = codec.decode(chunk);
    if (data.length === 0) return;
    if (link) return link.input(data);
    // The login prompts: a line of their own, echoing the name but not the password.
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- one code point at a time, as the line editor reads them
    const chars = [...decoder.write(data).replace(ESCAPE, '')];
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (socket.destroyed || !socket.writable) return;
      if (c === '\r' || c === '\n') {
        submit();
        // Typed ahead of the prompt (a script): it goes to the console.
        // eslint-disable-next-line @typescript-eslint/no-unsafe-call -- submit() may set `link`; TypeScript keeps it narrowed to null (never)
        if (link) return link.input(chars.slice(i + 1).join(''));
      } else if (c === '\x7f' || c === '\b') {
        if (typed.length > 0) {
          typed = typed.slice(0, -1);
          if (field === 'username') text('\b \b');
        }
      } else if (!isControlChar(c) && typed.length < TELNET_LIMITS.field) {
        // C0, DEL, C1 (8-bit CSI, OSC, ST…) and bidi controls are skipped, as the line editor does:
        // the echo must not hand a terminal an escape sequence.
        typed += c;
        if (field === 'username') text(c);
      }
    }
  });
}
