import { TRAINEE_NAME_MAX } from '@bmp-lab/protocol';
import type { LabStore } from '../persistence/store.js';
import { withoutControlChars } from '../security/stored-names.js';

/** A name that cannot be a trainee's: the HTTP layer answers 400 with its message. */
export class TraineeNameError extends Error {
  override name = 'TraineeNameError';
}

/**
 * The name as given, or why not: a string of 1–40 characters (after trimming
 * spaces at both ends), none of them a control or bidi character (the set the
 * server strips from stored names, security/stored-names.ts), since the name
 * is printed in other people's browsers.
 */
export function checkTraineeName(value: unknown): string {
  if (typeof value !== 'string') throw new TraineeNameError('"name" must be a string of 1 to 40 characters');
  const name = value.trim();
  if (name.length === 0) throw new TraineeNameError('"name" is empty: give 1 to 40 characters');
  // Code points, so an emoji counts as one character.
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- the limit counts code points, not graphemes
  const length = [...name].length;
  if (length > TRAINEE_NAME_MAX) throw new TraineeNameError(`"name" has ${length} characters; at most ${TRAINEE_NAME_MAX}`);
  if (withoutControlChars(name) !== name) throw new TraineeNameError('"name" holds a control or bidi character; use printable characters only');
  return name;
}

/** Each lab's trainee name, kept in memory and in the store (labs.trainee_name). */
export class TraineeNames {
  private readonly names: Map<string, string>;

  constructor(private readonly store: LabStore | null) {
    // A name stored by a build that checked less loses its control characters, like a stored configuration.
    this.names = new Map([...(store?.traineeNames() ?? new Map<string, string>())].map(([id, n]) => [id, withoutControlChars(n)]));
  }

  get(labId: string): string | null {
    return this.names.get(labId) ?? null;
  }

  /** Set (or replace) a lab's name; `name` must have passed checkTraineeName. */
  set(labId: string, name: string): void {
    this.names.set(labId, name);
    this.store?.setTraineeName(labId, name);
  }

  /** The lab is gone (its row, name included, goes with it in the store). */
  forget(labId: string): void {
    this.names.delete(labId);
  }
}
