import { useRunTempDir } from './run-temp-dir.js';

/** Vitest's global setup: the run's temporary folder (run-temp-dir.ts), removed after the last test. */
export default function setup(): () => void {
  return useRunTempDir('bmplab-unit-run-');
}
