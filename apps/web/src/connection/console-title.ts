/**
 * A console tab's title: `Console N` in a lab of one router (as it always
 * was), `SYSNAME · N` in a lab of several, once the router is known, so
 * each tab says which router it is logged in to.
 */
export function consoleTitle(number: number, router: string | null, severalRouters: boolean): string {
  return severalRouters && router !== null ? `${router} · ${number}` : `Console ${number}`;
}

/** The number of a title saved by an older page (`Console 3` → 3), or null (a title of its own). */
export function numberFromTitle(title: string): number | null {
  const m = /^Console (\d+)$/.exec(title);
  if (m === null) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}
