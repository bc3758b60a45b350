import type { ServerMessage } from '@bmp-lab/protocol';
import type { StorageStatus } from './storage-health.js';

/**
 * What the consoles and browsers are told when the storage refuses a write.
 * ⚠ INFERRED wording (docs/vrp-behaviour.md, "Storage full or read-only"):
 * Huawei's log reference names insufficient storage space as a cause of a
 * failed file write (CMAINT/4/FILEOPERATION), but no capture of the CLI's
 * own lines for a full flash at `commit` or `save` was found; these follow
 * VRP's `Warning:`/`Error:` style.
 */
function reason(error: string | undefined): string {
  if (error === undefined) return 'the storage cannot be written';
  if (/SQLITE_FULL|ENOSPC|EDQUOT/.test(error)) return 'the storage space is insufficient';
  if (/SQLITE_READONLY|EROFS|EACCES|EPERM|SQLITE_CANTOPEN|SQLITE_PERM/.test(error)) return 'the storage is read-only or cannot be opened';
  return 'the storage cannot be written';
}

/** The line every console of the lab gets after a `commit` whose running configuration could not be stored. */
export function commitNotStoredLine(status: StorageStatus): string {
  return `Warning: The configuration is committed and running, but failed to be written to the storage because ${reason(status.error)}. It is written when the storage recovers.`;
}

/** `save`'s answer when the saved configuration could not be stored (never "successfully"). */
export function saveFailedLine(status: StorageStatus): string {
  return `Error: Failed to save the configuration because ${reason(status.error)}. It is saved when the storage recovers.`;
}

/** `save` hears this from the device: its message is the console's error line. */
export class StorageWriteError extends Error {
  override name = 'StorageWriteError';
}

/** The browsers' view of the storage (the banner), sent on connect and on every change. */
export function storageStateMessage(status: StorageStatus): ServerMessage {
  return { type: 'storage.state', storage: { ok: status.ok, path: status.path, pending: status.pending, ...(status.error === undefined ? {} : { error: status.error }) } };
}
