import type { CommandDef } from '@bmp-lab/cli-engine';
import type { Question } from '@bmp-lab/cli-engine';
import type { DeviceConfig } from '../config/device-config.js';
import type { BmpSessionStatus } from '../bmp-client/bmp-session.js';
import type { ViewFrame } from '../console/views.js';

/** What a command handler may do: the console session as the commands see it. */
export interface CommandContext {
  /** The open view (innermost frame). */
  readonly frame: ViewFrame;
  /** The candidate configuration of this console (exists in every configuration view). */
  readonly candidate: DeviceConfig;
  /** The running configuration of the device. */
  readonly running: DeviceConfig;
  /** BMP sessions as the device runs them now. */
  bmpSessions(): BmpSessionStatus[];
  /** Wall-clock now, for ages. */
  now(): number;
  print(...lines: string[]): void;
  /** Enter a child view of the current one. */
  enter(frame: ViewFrame): void;
  /** Leave the current view (`quit`). */
  quit(): void;
  /** Go to the user view (`return`, Ctrl+Z). */
  returnToUser(): void;
  /** Make the candidate running. */
  commit(): void;
  ask(question: Question): void;
}

export type Command = CommandDef<CommandContext>;
