/**
 * The five VRP parser errors (docs/vrp-behaviour.md §3.8). Only `renderParseError` turns
 * them into text, in VRP's exact wording.
 */
export type ParseErrorKind = 'unrecognized' | 'incomplete' | 'ambiguous' | 'wrong-parameter' | 'too-many-parameters';

const WORDING: Record<ParseErrorKind, string> = {
  unrecognized: 'Unrecognized command',
  incomplete: 'Incomplete command',
  ambiguous: 'Ambiguous command',
  'wrong-parameter': 'Wrong parameter',
  'too-many-parameters': 'Too many parameters',
};

/**
 * The caret line and the error line. The caret column counts from the start of
 * the prompt (no space follows the prompt on a real device), so it is the
 * prompt's length plus the offset in the typed line.
 */
export function renderParseError(kind: ParseErrorKind, promptLength: number, offset: number): string[] {
  return [' '.repeat(promptLength + offset) + '^', `Error: ${WORDING[kind]} found at '^' position.`];
}

/** Printed when the line matches a command above the user's level (docs/vrp-behaviour.md §3.8, §3.9). */
export const NO_PERMISSION = 'Error: You do not have permission to run the command or the command is incomplete.';
