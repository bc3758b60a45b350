import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One temporary folder for a whole test run, inherited through TMPDIR by
 * everything the run starts (test workers, servers, daemons, browsers): the
 * folders tests make with os.tmpdir() or mktemp land in it, and it goes when
 * the run ends, whether or not each test removed its own (hundreds of them,
 * gigabytes, had piled up in /tmp after a few days of runs). A process that
 * finds `BMPLAB_RUN_TMPDIR` already set (a worker of the run) uses that
 * folder and leaves its removal to the process that made it. Returns the
 * remover, a no-op in such a worker.
 */
export function useRunTempDir(prefix: string): () => void {
  const inherited = process.env.BMPLAB_RUN_TMPDIR;
  if (inherited) {
    process.env.TMPDIR = inherited;
    return () => undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.env.BMPLAB_RUN_TMPDIR = dir;
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
