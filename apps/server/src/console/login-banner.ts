/** VTY users a lab's router takes (the banner's maximum): SSH and Telnet logins beyond it are refused. */
export const VTY_MAX_USERS = 8;

/**
 * What a VRP8 device prints at login (docs/vrp-behaviour.md §3.1, real banners).
 */
export function loginBanner(now: Date, vtyUsers: number): string[] {
  return [
    `Info: The max number of VTY users is ${VTY_MAX_USERS}, the number of current VTY users online is ${vtyUsers}, and total number of terminal users is ${vtyUsers}.`,
    `      The current login time is ${formatVrpTime(now)}.`,
  ];
}

/** `2022-10-31 14:14:23+02:00`, in UTC. */
export function formatVrpTime(d: Date): string {
  return d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '+00:00');
}
