/**
 * `?` descriptions of keywords shared by many commands. ⚠ INFERRED: Huawei's
 * pages do not print the help strings of these keywords; the wording follows
 * VRP's style ("Display information").
 */
export const SHARED_KEYWORDS = {
  undo: 'Negate a command or set its default',
  display: 'Display information',
} as const;
