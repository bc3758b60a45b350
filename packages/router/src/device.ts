import { CommandTable } from '@bmp-lab/cli-engine';
import { COMMANDS } from './commands/index.js';
import type { CommandContext } from './commands/command-context.js';
import { cloneConfig, emptyConfig } from './config/device-config.js';
import type { DeviceConfig } from './config/device-config.js';
import { BmpSpeaker } from './bmp-client/bmp-speaker.js';
import type { BmpSessionStatus } from './bmp-client/bmp-session.js';
import type { Clock, Dialer } from './bmp-client/transport.js';
import { ConsoleSession } from './console/console-session.js';
import { Terminal } from './console/terminal.js';
import type { ConsoleDevice } from './console/console-session.js';
import type { Level } from '@bmp-lab/cli-engine';

/** The grammar is the same for every device: compile it once. */
const COMMAND_TABLE = new CommandTable<CommandContext>(COMMANDS);

export interface DeviceEvents {
  sessionChanged(status: BmpSessionStatus): void;
  sessionRemoved(key: string): void;
  committed(running: DeviceConfig): void;
}

export interface DeviceDeps {
  dialer: Dialer;
  clock: Clock;
  events: DeviceEvents;
  /** Running configuration to start with (e.g. restored from storage). */
  initial?: DeviceConfig;
}

/**
 * The emulated VRP device: running configuration, consoles and the BMP
 * speaker that follows the running configuration.
 */
export class Device implements ConsoleDevice {
  readonly commands = COMMAND_TABLE;
  private runningConfig: DeviceConfig;
  private readonly speaker: BmpSpeaker;

  constructor(private readonly deps: DeviceDeps) {
    this.runningConfig = cloneConfig(deps.initial ?? emptyConfig());
    this.speaker = new BmpSpeaker({
      dialer: deps.dialer,
      clock: deps.clock,
      changed: (s) => deps.events.sessionChanged(s),
      removed: (k) => deps.events.sessionRemoved(k),
    });
    this.speaker.apply(this.runningConfig);
  }

  get running(): DeviceConfig {
    return this.runningConfig;
  }

  commit(candidate: DeviceConfig): void {
    this.runningConfig = cloneConfig(candidate);
    this.speaker.apply(this.runningConfig);
    this.deps.events.committed(this.runningConfig);
  }

  bmpSessions(): BmpSessionStatus[] {
    return this.speaker.statuses();
  }

  now(): number {
    return this.deps.clock.now();
  }

  openConsole(level: Level = 3): ConsoleSession {
    return new ConsoleSession(this, level);
  }

  /** A console with its line editor, for a terminal. */
  openTerminal(level: Level = 3): Terminal {
    return new Terminal(this.openConsole(level));
  }

  /** Power off: every BMP session sends Termination and closes. */
  shutdown(): void {
    this.speaker.stopAll();
  }
}
