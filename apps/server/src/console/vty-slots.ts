import type { LabRouter } from '../lab/lab-router.js';
import { VTY_MAX_USERS } from './login-banner.js';

/**
 * VRP's answer when every VTY line is taken. ⚠ INFERRED wording: no capture
 * of it was found.
 */
export const VTY_FULL = 'Error: The number of VTY users has reached the upper limit.';

/**
 * Whether a new login (browser console, SSH, Telnet, a REST CLI run) may take
 * a VTY of this router: VRP's VTY lines belong to a device, so in a lab of
 * several routers each has its own VTY_MAX_USERS (a lab's consoles are
 * bounded by routers × VTY_MAX_USERS, the routers by the topology's 32). Every logged-in console counts, watched or not. When all
 * VTY_MAX_USERS lines are taken, a browser console nobody watches (its
 * socket dropped) is logged out to make room, the one unwatched longest
 * first, like a dropped connection whose line is cleared; when every line
 * has a user, the login is refused (docs/vrp-behaviour.md, "VTY lines").
 */
export function claimVtySlot(router: Pick<LabRouter, 'device' | 'consoles'>): boolean {
  while (router.device.vtys.size >= VTY_MAX_USERS) {
    if (!router.consoles.logOutOldestDetached()) return false;
  }
  return true;
}
