import { describe, expect, it } from 'vitest';
import { LoginGuard } from '../src/vty/login-guard.js';
import { DO, DONT, IAC, OPT_ECHO, OPT_NAWS, OPT_SGA, SB, SE, TelnetCodec, WILL, WONT } from '../src/vty/telnet-server.js';
import type { Lab } from '../src/lab/lab.js';
import { memoryLog } from '../src/log.js';

/** A lab as the guard sees it: its id and its routers (the first is the lab's). */
function fakeLab(id: string, sysnames: string[]): Lab {
  const routers = sysnames.map((sysname) => ({ sysname }));
  return { id, routers, router: (name: string) => routers.find((r) => r.sysname === name) } as unknown as Lab;
}

/** Two labs as the guard sees them: the default one and `abc` (routers R1 and R2). */
function labs() {
  const def = fakeLab('default', ['HUAWEI']);
  const abc = fakeLab('abc', ['R1', 'R2']);
  return { default: def, get: (id: string) => (id === 'default' ? def : id === 'abc' ? abc : undefined) };
}

describe('LoginGuard', () => {
  it('admin opens the default lab, a lab id that lab; a wrong name or password is the same failure', () => {
    const m = memoryLog();
    const g = new LoginGuard(labs(), 'pw', { log: m.log });
    expect(g.check('10.0.0.1', 'admin', 'pw', 'ssh')?.lab.id).toBe('default');
    expect(g.check('10.0.0.1', 'abc', 'pw', 'ssh')?.lab.id).toBe('abc');
    expect(g.check('10.0.0.1', 'nope', 'pw', 'ssh')).toBeNull();
    expect(g.check('10.0.0.1', 'admin', 'wrong', 'telnet')).toBeNull();
    expect(m.lines('warn')).toEqual(['bmp-lab: ssh login refused from 10.0.0.1 (user "nope")', 'bmp-lab: telnet login refused from 10.0.0.1 (user "admin")']);
  });

  it('a dot picks the router: <lab>.SYSNAME and admin.SYSNAME; the lab alone is its first router; an unknown router fails like a wrong name', () => {
    const g = new LoginGuard(labs(), 'pw', { log: memoryLog().log });
    expect(g.check('10.0.0.1', 'abc', 'pw', 'ssh')?.router.sysname).toBe('R1');
    expect(g.check('10.0.0.1', 'abc.R2', 'pw', 'ssh')).toMatchObject({ lab: { id: 'abc' }, router: { sysname: 'R2' } });
    expect(g.check('10.0.0.1', 'admin.HUAWEI', 'pw', 'telnet')).toMatchObject({ lab: { id: 'default' }, router: { sysname: 'HUAWEI' } });
    expect(g.check('10.0.0.1', 'abc.R3', 'pw', 'ssh')).toBeNull();
    expect(g.check('10.0.0.1', '.R1', 'pw', 'ssh')).toBeNull();
    expect(g.check('10.0.0.1', 'abc.R2', 'wrong', 'ssh')).toBeNull();
  });

  it('refuses a source outright after too many failures in its window, and only that source; logs stay bounded', () => {
    let now = 0;
    const m = memoryLog();
    const log = m.records;
    const g = new LoginGuard(labs(), 'pw', { maxFailures: 10, windowMs: 60_000, now: () => now, log: m.log });
    for (let i = 0; i < 10; i++) expect(g.check('10.0.0.9', 'admin', `x${i}`, 'ssh')).toBeNull();
    expect(g.blocked('10.0.0.9')).toBe(true);
    expect(g.check('10.0.0.9', 'admin', 'pw', 'ssh')).toBeNull();
    expect(g.check('10.0.0.8', 'admin', 'pw', 'ssh')?.lab.id).toBe('default');
    expect(log).toHaveLength(6);
    expect(log.at(-1)?.text).toMatch(/refused for 60 s after 10 failures/);
    now += 60_000;
    expect(g.blocked('10.0.0.9')).toBe(false);
    expect(g.check('10.0.0.9', 'admin', 'pw', 'ssh')?.lab.id).toBe('default');
  });

  it('remembers a bounded number of sources', () => {
    const g = new LoginGuard(labs(), 'pw', { maxFailures: 1, maxSources: 100, log: memoryLog().log });
    for (let i = 0; i < 1000; i++) g.check(`src${i}`, 'x', 'y', 'ssh');
    expect(g.blocked('src999')).toBe(true);
    expect(g.blocked('src0')).toBe(false);
    expect((g as unknown as { sources: Map<string, unknown> }).sources.size).toBe(100);
  });
});

describe('TelnetCodec', () => {
  it('offers ECHO and SGA, asks for NAWS, refuses everything else once, and never answers an answer', () => {
    const sent: number[][] = [];
    const sizes: [number, number][] = [];
    const codec = new TelnetCodec((b) => sent.push([...b]), { resize: (c, r) => sizes.push([c, r]) });
    codec.start();
    expect(sent.shift()).toEqual([IAC, WILL, OPT_ECHO, IAC, WILL, OPT_SGA, IAC, DO, OPT_NAWS]);
    // The client agrees to all three and offers terminal type (24): refused.
    const data = codec.decode(Buffer.from([IAC, DO, OPT_ECHO, IAC, DO, OPT_SGA, IAC, WILL, OPT_NAWS, IAC, WILL, 24, 0x61]));
    expect([...data]).toEqual([0x61]);
    expect(sent).toEqual([[IAC, DONT, 24]]);
    expect(codec.negotiatedTerminal).toBe(true);
    // Window size 200x50, split across chunks, IAC doubled inside.
    codec.decode(Buffer.from([IAC, SB, OPT_NAWS, 0, 200]));
    codec.decode(Buffer.from([0, 50, IAC, SE]));
    expect(sizes).toEqual([[200, 50]]);
    // The client takes ECHO back: we acknowledge once.
    sent.length = 0;
    codec.decode(Buffer.from([IAC, DONT, OPT_ECHO, IAC, DONT, OPT_ECHO]));
    expect(sent).toEqual([[IAC, WONT, OPT_ECHO]]);
  });

  it('turns CR LF and CR NUL into one CR, even across chunks; IAC IAC is a data byte; output escapes IAC and bare CR', () => {
    const codec = new TelnetCodec(() => {});
    const a = codec.decode(Buffer.from('ab\r'));
    const b = codec.decode(Buffer.from('\ncd\r\0e'));
    const c = codec.decode(Buffer.from([IAC, IAC, 0x66]));
    expect(Buffer.concat([a, b]).toString()).toBe('ab\rcd\re');
    expect([...c]).toEqual([IAC, 0x66]);
    expect(codec.encode('x\r\ny\rz').toString('latin1')).toBe('x\r\ny\r\0z');
  });

  it('survives random bytes with bounded state and a bounded number of answers', () => {
    let answers = 0;
    const codec = new TelnetCodec(() => answers++);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (let i = 0; i < 2000; i++) codec.decode(Buffer.from(Array.from({ length: 512 }, rnd)));
    // A flood of option requests is answered at most TELNET_LIMITS.negotiations times.
    codec.decode(Buffer.from(Array.from({ length: 3000 }, (_, i) => [IAC, WILL, 100 + (i % 50)]).flat()));
    expect(answers).toBeLessThanOrEqual(64);
    expect((codec as unknown as { sub: number[] }).sub.length).toBeLessThanOrEqual(64);
  });
});
