import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { SCROLLBACK_NOT_KEPT } from '../src/console/stored-scrollback.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

/**
 * Console scrollback stored before the CLI refused terminal controls in names
 * can hold them raw; a browser resuming the console after a restart must not
 * be sent them. The server's own output (prompts, the line editor's CSI
 * sequences) is replayed as before.
 */

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const start = async (dir: string): Promise<RunningServer> => {
  const s = await startServer(readConfig({ PORT: '0', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_DATA_DIR: dir }));
  cleanup.push(() => s.close());
  return s;
};

/** A hidden OSC 8 hyperlink, as `display current-configuration` printed an old `sysname`. */
const OSC8 = '\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07';

describe('restoring stored console scrollback', () => {
  it('does not replay stored output with OSC, DCS or 8-bit C1 sequences; keeps the server’s own CSI output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmplab-scrollback-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = await start(dir);
    const labId = first.lab.id;
    const stored = {
      osc: { id: 'c-osc', buffer: `<HUAWEI>display current-configuration\r\n sysname R${OSC8}\r\n<HUAWEI>`, bufferStart: 5000 },
      c1: { id: 'c-c1', buffer: '<HUAWEI>display bmp session\r\n alias A\u009b2JB\r\n<HUAWEI>', bufferStart: 0 },
      dcs: { id: 'c-dcs', buffer: '<HUAWEI>x\x1bP1$qm\x1b\\\r\n<HUAWEI>', bufferStart: 0 },
      clean: { id: 'c-clean', buffer: '<HUAWEI>abc\x1b[3Dxyz\x1b[K\r\n<HUAWEI>', bufferStart: 0 },
    };
    for (const c of Object.values(stored)) expect(first.store.putConsole(labId, c)).toBe(true);
    const closing = cleanup.pop()!;
    await closing();

    const second = await start(dir);
    const browser = await wsClient(second.url);
    cleanup.push(() => browser.ws.close());
    await browser.hello();
    for (const c of [stored.osc, stored.c1, stored.dcs]) {
      await browser.open(c.id, 0);
      const shown = browser.terminal(c.id);
      expect(shown).toContain(SCROLLBACK_NOT_KEPT);
      expect(shown).not.toMatch(/\x1b[\]P]|[\u0080-\u009f]|evil\.example/);
      // Resumed after the stored output, with a fresh login.
      expect(shown).toMatch(/^\r\nInfo: The earlier output of this console was not kept[^\r\n]*\r\nInfo: The max number of VTY users is 8/);
    }
    // A browser that had seen all of it hears only what came after it: offsets never go back.
    const opened = browser.received.find((m) => m.type === 'console.output' && m.consoleId === stored.osc.id);
    expect(opened?.type === 'console.output' && opened.offset).toBe(stored.osc.bufferStart + stored.osc.buffer.length);

    await browser.open(stored.clean.id, 0);
    expect(browser.terminal(stored.clean.id).startsWith(stored.clean.buffer)).toBe(true);
    expect(browser.terminal(stored.clean.id)).not.toContain(SCROLLBACK_NOT_KEPT);

    // What is stored now is the replacement, not the raw output.
    await eventually(() => second.store.consoles(second.lab.id).find((c) => c.id === stored.osc.id && !c.buffer.includes('\x1b]')));
  });
});
