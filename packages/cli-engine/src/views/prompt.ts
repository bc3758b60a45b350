/**
 * Prompts are derived data (docs/vrp-behaviour.md §1, §3.3): the user view is `<sysname>`;
 * every other view is `[` + `~` (nothing uncommitted) or `*` (uncommitted
 * changes anywhere in the candidate) + sysname + the view's suffix + `]`.
 * Immediate mode has no marker.
 */
export interface PromptState {
  sysname: string;
  /** Null in the user view; '' in the system view; e.g. 'bmp-session-10.1.1.1' below it. */
  viewSuffix: string | null;
  /** Uncommitted changes exist; null in immediate mode (no marker). */
  dirty: boolean | null;
}

export function renderPrompt({ sysname, viewSuffix, dirty }: PromptState): string {
  if (viewSuffix === null) return `<${sysname}>`;
  const marker = dirty === null ? '' : dirty ? '*' : '~';
  return `[${marker}${sysname}${viewSuffix ? '-' + viewSuffix : ''}]`;
}
