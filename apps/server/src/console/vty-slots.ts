import type { Lab } from '../lab/lab.js';
import { VTY_MAX_USERS } from './login-banner.js';

/**
 * VRP's answer when every VTY line is taken. ⚠ INFERRED wording: no capture
 * of it was found.
 */
export const VTY_FULL = 'Error: The number of VTY users has reached the upper limit.';

/**
 * Whether a new login (browser console, SSH, Telnet) may take a VTY of the
 * lab's router. Every logged-in console counts, watched or not. When all
 * VTY_MAX_USERS lines are taken, a browser console nobody watches (its
 * socket dropped) is logged out to make room, the one unwatched longest
 * first, like a dropped connection whose line is cleared; when every line
 * has a user, the login is refused (docs/vrp-behaviour.md, "VTY lines").
 */
export function claimVtySlot(lab: Lab): boolean {
  while (lab.device.vtys.size >= VTY_MAX_USERS) {
    if (!lab.consoles.logOutOldestDetached()) return false;
  }
  return true;
}
