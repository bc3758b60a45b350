import { describe, expect, it } from 'vitest';
import { eventually, startLab } from './lab-harness.js';

/**
 * `Lab.stop()` lets each BMP session's Termination reach the lab's station
 * before the station's sockets close: it waits for the connections to end,
 * not for a fixed time.
 */
describe('Lab.stop', () => {
  it('returns once the station has read every session Termination and seen the connections close', async () => {
    const { lab, type } = await startLab();
    type('system-view', 'bmp');
    for (let i = 0; i < 3; i++) type(`bmp-session 10.1.1.1 alias s${i}`, 'tcp connect port 1790', 'quit');
    type('commit');
    await eventually(() => lab.station.routers().filter((r) => r.sessionKey !== null && r.closedAt === null).length === 3);
    await lab.stop();
    // No waiting here: by the time stop() resolves, the station has them all.
    const routers = lab.station.routers().filter((r) => r.sessionKey !== null);
    expect(routers).toHaveLength(3);
    expect(routers.map((r) => [r.received.termination ?? 0, r.closedAt !== null])).toEqual([
      [1, true],
      [1, true],
      [1, true],
    ]);
  });
});
