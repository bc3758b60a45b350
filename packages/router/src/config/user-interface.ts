import type { DeviceConfig } from './device-config.js';
import type { ConfigBlock } from './render-config.js';
import { DEFAULT_IDLE_TIMEOUT_MS } from '../console/vty.js';

/**
 * The VTY user-interface settings of the configuration (`user-interface vty
 * FIRST [ LAST ]` blocks). Only `idle-timeout` is emulated; it is kept per
 * VTY number, in seconds, and only when it differs from VRP's default of
 * 10 minutes.
 */
export type VtyIdleTimeouts = Record<string, number>;

/** `user-interface vty` numbers the device has. ⚠ INFERRED: 0–20 (an NE40E allows up to 21 VTY lines). */
export const VTY_NUMBER_MAX = 20;

/** The idle timeout of a VTY in the running configuration, in ms (0: never times out). */
export function idleTimeoutMs(config: DeviceConfig, vty: number): number {
  const seconds = config.vtyIdleTimeouts?.[String(vty)];
  return seconds === undefined ? DEFAULT_IDLE_TIMEOUT_MS : seconds * 1000;
}

/** The block id of a `user-interface vty FIRST LAST` view (for `display this`). */
export function userInterfaceId(first: number, last: number): string {
  return `ui-vty|${first}-${last}`;
}

/** `user-interface vty 0 4` or, for one line, `user-interface vty 2`. */
export function userInterfaceLine(first: number, last: number): string {
  return first === last ? `user-interface vty ${first}` : `user-interface vty ${first} ${last}`;
}

/**
 * The configuration's `user-interface vty` blocks: consecutive VTYs with the
 * same non-default idle timeout share a block, as `idle-timeout MINUTES
 * SECONDS`. ⚠ INFERRED: VRP prints both numbers and groups lines this way;
 * the block sits after the protocol blocks, before `return`.
 */
export function userInterfaceBlocks(config: DeviceConfig): ConfigBlock[] {
  const timeouts = config.vtyIdleTimeouts ?? {};
  const numbers = Object.keys(timeouts)
    .map(Number)
    .filter((n) => Number.isInteger(n))
    .sort((a, b) => a - b);
  const blocks: ConfigBlock[] = [];
  let i = 0;
  while (i < numbers.length) {
    const first = numbers[i]!;
    const value = timeouts[String(first)]!;
    let last = first;
    while (i + 1 < numbers.length && numbers[i + 1] === last + 1 && timeouts[String(last + 1)] === value) {
      last++;
      i++;
    }
    i++;
    blocks.push({ line: userInterfaceLine(first, last), id: userInterfaceId(first, last), body: [`idle-timeout ${Math.floor(value / 60)} ${value % 60}`] });
  }
  return blocks;
}
