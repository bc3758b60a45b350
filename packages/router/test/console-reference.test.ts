import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHOOSE_YNC, UNCOMMITTED_QUESTION } from '@bmp-lab/router';
import { lab as smallLab } from './harness.js';

/** A lab whose terminal is tall enough that no sample is paged. */
function lab() {
  const l = smallLab();
  l.editor.resize(200, 200);
  return l;
}

/**
 * Console samples from public Huawei manual pages (fixtures/vrp-samples.md
 * names the page of each), read from the file: where the lab's state matches
 * the sample's, the console prints the same text. Manual-style samples put a space after the prompt; a real
 * device does not (docs/vrp-behaviour.md §3.1), so that one space is dropped before
 * comparing.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REFERENCE = path.resolve(HERE, 'fixtures/vrp-samples.md');
const present = existsSync(REFERENCE);

/** Every fenced code block of the samples file, as lines. */
function blocks(): string[][] {
  const text = readFileSync(REFERENCE, 'utf8');
  return [...text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/\n$/, '').split('\n'));
}

/** The code block whose first line is `first` (after dropping the manual's space after a prompt). */
function sample(...first: string[]): string[] {
  const found = blocks()
    .map((b) => b.map(deviceStyle))
    .find((b) => first.every((l, i) => b[i] === l));
  if (!found) throw new Error(`no sample starting with "${first.join(' / ')}" in fixtures/vrp-samples.md`);
  return found;
}

const deviceStyle = (l: string) => l.replace(/^([<[][^\]>]*[\]>]) /, '$1');
const trimmed = (ls: readonly string[]) => ls.map((l) => l.trimEnd());

/** The command typed on a prompt line, or null. */
const typed = (l: string) => /^[<[][^\]>]*[\]>](.*)$/.exec(l)?.[1] ?? null;

/**
 * Keystrokes that build a configuration block: each line is typed in the
 * view of the line it is nested in (one space of indent per view,
 * docs/vrp-behaviour.md §2.13), with `quit` to climb back.
 */
function configLines(block: readonly string[], skip: readonly string[] = []): string[] {
  const cmds: string[] = [];
  let depth = 0;
  const body = block.filter((l) => l.trim() !== '#');
  body.forEach((line, i) => {
    const indent = line.length - line.trimStart().length;
    for (; depth > indent; depth--) cmds.push('quit');
    if (!skip.includes(line.trim())) cmds.push(line.trim());
    const next = body[i + 1];
    if (next && next.length - next.trimStart().length > indent) depth = indent + 1;
  });
  for (; depth > 0; depth--) cmds.push('quit');
  return cmds;
}

describe('Huawei manual samples, reproduced', () => {
  it('has the samples to read', () => expect(present, `missing ${REFERENCE}`).toBe(true));
  it('entering the system view: every prompt and echo', () => {
    const s = sample('<HUAWEI>system-view');
    const l = lab();
    for (const line of s) {
      const cmd = typed(line);
      if (cmd !== null) l.lines(cmd);
    }
    expect(l.text().split('\n').slice(0, s.length)).toEqual(s);
  });

  it('display bmp session: the summary table of two Down sessions, 57 s and 44 s old', () => {
    const s = sample('<HUAWEI>display bmp session');
    const l = lab();
    l.lines('system-view', 'bmp', 'bmp-session 1.1.1.1', 'commit');
    l.clock.advance(13_000);
    l.lines('quit', 'bmp-session 1.1.1.1 alias a', 'commit', 'return');
    l.clock.advance(44_000);
    const out = l.type('display bmp session\r').split('\r\n');
    expect(trimmed(out.slice(1, -1))).toEqual(trimmed(s.slice(1)));
  });

  it('verbose Down session: the session lines (for the address asked for)', () => {
    const s = sample('<HUAWEI>display bmp session 1.1.1.1 verbose');
    const l = lab();
    l.lines('system-view', 'bmp', 'bmp-session 1.1.1.1', 'commit', 'return');
    l.clock.advance(((4 * 60 + 39) * 60 + 54) * 1000);
    const out = l.type('display bmp session 1.1.1.1 verbose\r').split('\r\n');
    // The manual prints 10.10.10.10 for 1.1.1.1 (a documentation slip, docs/vrp-behaviour.md §2.12).
    expect(out.slice(1, 6)).toEqual(s.slice(1, 6).map((x) => x.replace('10.10.10.10', '1.1.1.1')));
  });

  it('display default-parameter bmp', () => {
    const s = sample('<HUAWEI>display default-parameter bmp');
    const l = lab();
    expect(l.type('display default-parameter bmp\r').split('\r\n').slice(1, -1)).toEqual(s.slice(1));
  });

  it('the real BMP configuration (pmacct), typed in and displayed back', () => {
    const s = sample('bmp', ' statistics-timer 3600');
    const l = lab();
    l.lines('system-view', 'ip vpn-instance A', 'quit', ...configLines(s), 'commit');
    const out = l.type('display current-configuration configuration bmp\r').split('\r\n');
    expect(out.slice(2, -3)).toEqual(s);
  });

  it('the NE40E BGP configuration, typed in and displayed back', () => {
    const s = sample('bgp 65009');
    const l = lab();
    // `undo synchronization` is printed by the device in every IPv4 unicast block.
    l.lines('system-view', ...configLines(s, ['undo synchronization']), 'commit');
    const out = l.type('display current-configuration configuration bgp\r').split('\r\n');
    expect(out.slice(2, -2)).toEqual(s);
  });

  it('creating a VPN instance and monitoring it', () => {
    const s = sample('[~HUAWEI]ip vpn-instance vpn1');
    const l = lab();
    l.lines('system-view');
    const start = l.text().split('\n').length - 1;
    for (const line of s) l.lines(typed(line)!);
    expect(
      l
        .text()
        .split('\n')
        .slice(start, start + s.length),
    ).toEqual(s);
  });

  it('sysname takes effect at commit', () => {
    const s = sample('<HUAWEI>system-view', '[~HUAWEI]sysname DeviceA');
    const l = lab();
    for (const line of s) {
      const cmd = typed(line);
      if (cmd) l.lines(cmd);
    }
    // The manual's sample leaves out the Info line of system-view.
    const out = l
      .text()
      .split('\n')
      .filter((x) => !x.startsWith('Enter system view'));
    expect(out).toEqual(s);
  });

  it('display this in the system view', () => {
    const s = sample('[~HUAWEI]display this');
    const l = lab();
    l.lines('system-view', 'display this');
    expect(l.text().split('\n').slice(2)).toEqual([...s, '[~HUAWEI]']);
  });

  it('the caret for Incomplete, under a 13-character prompt', () => {
    const s = sample('<lab-vla-1s1>display');
    const l = lab();
    l.lines('system-view', 'sysname lab-vla-1s1', 'commit', 'return', 'display');
    expect(l.text().split('\n').slice(-4)).toEqual(s);
  });

  it('the uncommitted-changes question and the bare-Enter error', () => {
    const text = readFileSync(REFERENCE, 'utf8');
    expect(text).toContain(UNCOMMITTED_QUESTION + 'y');
    expect(text).toContain(CHOOSE_YNC);
  });

  it('the prompts of every view', () => {
    const s = blocks().find((b) => b[0]?.startsWith('<HUAWEI>   '))!;
    const prompts = s.map((l) => l.split(/\s+/)[0]!);
    const l = lab();
    l.lines(
      'system-view',
      'ip vpn-instance vpn1',
      'ipv4-family',
      'return',
      'y',
      'system-view',
      'bmp',
      'bmp-session 10.1.1.1',
      'monitor public',
      'quit',
      'quit',
      'bmp-session 10.1.1.1 alias a',
      'quit',
      'bmp-session 2001:DB8:1::1',
      'return',
      'y',
      'system-view',
      'bgp 100',
      'ipv4-family unicast',
    );
    const seen = new Set(
      l
        .text()
        .split('\n')
        .map((x) => /^[<[][^\]>]*[\]>]/.exec(x)?.[0]),
    );
    const emulated = prompts.filter((p) => !/immediate|ssl|ipv4-unicast\]|ipv4-vpn\]/.test(s[prompts.indexOf(p)]!) && p !== '[HUAWEI]');
    expect(emulated.length).toBeGreaterThanOrEqual(11);
    for (const p of emulated) expect(seen, p).toContain(p);
  });
});
