import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { eventually } from './lab-harness.js';

/** A raw Telnet client that negotiates nothing (a script): every byte the server sent, and whether it closed. */
export async function rawTelnet(port: number) {
  const sock: Socket = await new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  let bytes = Buffer.alloc(0);
  let closed = false;
  sock.on('data', (d: Buffer) => {
    bytes = Buffer.concat([bytes, d]);
  });
  sock.on('close', () => (closed = true));
  /** What the server sent as UTF-8 text, option negotiations (IAC WILL/WONT/DO/DONT x) and the NUL after a bare CR removed. */
  const text = () => withoutNegotiation(bytes).toString('utf8').replace(/\r\0/g, '\r');
  return {
    sock,
    bytes: () => bytes,
    text,
    closed: () => closed,
    async waitFor(re: RegExp, from = 0, ms = 10_000) {
      await eventually(() => re.test(text().slice(from)), ms);
      return text().slice(from);
    },
    /** Type like a Telnet client: Enter is CR LF. */
    line(s: string | Buffer) {
      sock.write(Buffer.concat([typeof s === 'string' ? Buffer.from(s, 'utf8') : s, Buffer.from('\r\n')]));
    },
  };
}

function withoutNegotiation(bytes: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0xff && bytes[i + 1]! >= 0xfb && bytes[i + 1]! <= 0xfe) i += 2;
    else out.push(bytes[i]!);
  }
  return Buffer.from(out);
}
