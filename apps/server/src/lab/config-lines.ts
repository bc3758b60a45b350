import { Device, emptyConfig } from '@bmp-lab/router';
import type { Clock, DeviceConfig, Dialer } from '@bmp-lab/router';

/** A `config:` line VRP refused: which line (0-based), the line, and VRP's error. */
export interface ConfigLineError {
  index: number;
  line: string;
  error: string;
}

/** Nothing is dialled while the lines are typed: the lab is not wired yet, and this device is thrown away. */
const NO_NETWORK: Dialer = { dial: () => Promise.resolve({ ok: false, error: 'the lab is not running yet' }) };

/**
 * The running configuration a router of `sysname` has after `lines` are
 * typed on a console of it from user view, like an exercise checkpoint (the
 * lines end with `commit`), or the lines VRP answered with an error. The
 * lines run on a device of their own that never reaches the network; the
 * lab's router then starts with the result.
 */
export function configFromLines(sysname: string, lines: readonly string[], clock: Clock): { config: DeviceConfig } | { errors: ConfigLineError[] } {
  const device = new Device({
    dialer: NO_NETWORK,
    clock,
    initial: emptyConfig(sysname),
    autoStart: false,
    events: { sessionChanged: () => {}, sessionRemoved: () => {}, committed: () => {} },
  });
  try {
    const console = device.openConsole();
    const errors: ConfigLineError[] = [];
    lines.forEach((line, index) => {
      for (const out of console.execute(line).lines) if (/^Error/.test(out)) errors.push({ index, line, error: out });
    });
    return errors.length > 0 ? { errors } : { config: device.running };
  } finally {
    device.shutdown();
  }
}
