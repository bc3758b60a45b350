import { z } from 'zod';

/**
 * `POST /api/labs/<id>/cli`: lines run in a fresh VTY of the lab, as if typed
 * (apps/server/API.md).
 */

/** Lines one request may run. */
export const CLI_MAX_LINES = 500;
/** VRP's limit on one command line. */
export const CLI_MAX_LINE_LENGTH = 3100;

export const cliRequestSchema = z
  .object(
    {
      lines: z
        .array(
          z
            .string({ error: 'each line must be a string' })
            .max(CLI_MAX_LINE_LENGTH, `a line is at most ${CLI_MAX_LINE_LENGTH} characters (VRP's command line limit)`)

            .regex(/^[^\x00-\x1f\x7f]*$/, 'a line may not contain control characters (CR, LF, Tab, ESC…): send one command per line'),
          { error: '"lines" must be an array of strings' },
        )
        .min(1, '"lines" needs at least one line')
        .max(CLI_MAX_LINES, `at most ${CLI_MAX_LINES} lines per request`),
      /** The router's sysname, in a lab of several routers; default the lab's first. */
      router: z.string({ error: '"router" must be a router\'s sysname' }).min(1, '"router" must be a router\'s sysname').max(246).optional(),
    },
    { error: 'the body must be a JSON object such as {"lines": ["display version"]}' },
  )
  .strict();

export type CliRequest = z.infer<typeof cliRequestSchema>;

/** One line of the JSON answer: the line as sent, and what the device printed for it (lines joined with `\n`). */
export interface CliLineResult {
  command: string;
  output: string;
}

/** Validate a parsed JSON body; the error names the field and the problem. */
export function parseCliRequest(body: unknown): { ok: true; value: CliRequest } | { ok: false; error: string } {
  const r = cliRequestSchema.safeParse(body);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  const where = issue.path.length === 0 ? 'body' : issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
  const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')} (only "lines" and "router")` : issue.message;
  return { ok: false, error: `${where}: ${message}` };
}
