import { z } from 'zod';
import { WS_ERROR_CODES } from './error-codes.js';
import { parseWith } from './parse.js';
import type { ParseResult } from './parse.js';

/**
 * The instructor's live table: a WebSocket at `/ws?instructor=1` (no lab)
 * whose first message carries the instructor token (never the URL, which
 * lands in logs and history). Separate schemas from the lab socket's: a lab
 * socket never accepts an instructor message, nor the other way round.
 */

/** A trainee's name: 1–40 characters; the server also refuses control and bidi characters. */
export const TRAINEE_NAME_MAX = 40;

/** One lab as the instructor's table shows it. */
export const instructorLabRowSchema = z.object({
  id: z.string(),
  /** The lab's page (`/` for the default lab, `/labs/<id>`). */
  url: z.string(),
  /** The trainee's name; null until set (POST /api/labs `name`, PUT /api/labs/<id>/name). */
  name: z.string().max(TRAINEE_NAME_MAX).nullable(),
  router: z.string(),
  /** Exercises of the ladder this lab finished. */
  exercisesDone: z.number().int().nonnegative(),
  /** The open exercise and its checks passed; null: none open. */
  exercise: z.object({ id: z.string(), title: z.string(), passed: z.number().int().nonnegative(), checks: z.number().int().nonnegative(), completed: z.boolean() }).nullable(),
  /** The first check of the open exercise that does not pass, and since when it is the one (epoch ms); null: none. */
  stuck: z.object({ id: z.string(), label: z.string(), since: z.number() }).nullable(),
  /** Every router's BMP sessions and BGP peers; `router` names a router other than the lab's first (a lab of several). */
  bmp: z.array(z.object({ key: z.string(), address: z.string(), port: z.number().int().nullable(), state: z.enum(['up', 'down']), router: z.string().optional() })),
  bgp: z.array(z.object({ address: z.string(), state: z.string(), router: z.string().optional() })),
  /** The lab's open consoles, on every router (ids for the read-only watch, `/labs/<id>?watch=<console id>`). */
  consoles: z.array(z.string()),
  /** Epoch ms of the trainee's last console input or configuration change seen by the server; null: none yet. */
  lastActivity: z.number().nullable(),
});

export const instructorClientMessageSchema = z.discriminatedUnion('type', [
  /** First message: the protocol and the instructor token (BMPLAB_INSTRUCTOR_TOKEN). */
  z.object({ type: z.literal('instructor.hello'), protocol: z.number().int(), token: z.string().min(1).max(1024) }),
  /**
   * Reset a lab: `exercise` to the open exercise's start (what the trainee's
   * own reset does), `default` to the lab topology's configuration.
   */
  z.object({ type: z.literal('instructor.reset'), labId: z.string().min(1).max(64), to: z.enum(['exercise', 'default']) }),
]);

export const instructorServerMessageSchema = z.discriminatedUnion('type', [
  /** Every lab; sent once the token is accepted. */
  z.object({ type: z.literal('instructor.snapshot'), labs: z.array(instructorLabRowSchema) }),
  /** The labs whose row changed and the ids of deleted labs; at most a few a second for the whole class. */
  z.object({ type: z.literal('instructor.labs'), labs: z.array(instructorLabRowSchema), removed: z.array(z.string()) }),
  /** An `instructor.reset` was carried out. */
  z.object({ type: z.literal('instructor.reset'), labId: z.string(), to: z.enum(['exercise', 'default']) }),
  z.object({ type: z.literal('error'), code: z.enum(WS_ERROR_CODES), message: z.string() }),
]);

export type InstructorLabRow = z.infer<typeof instructorLabRowSchema>;
export type InstructorClientMessage = z.infer<typeof instructorClientMessageSchema>;
export type InstructorServerMessage = z.infer<typeof instructorServerMessageSchema>;

/** Validate a frame an instructor's browser sent (server side). */
export function parseInstructorClientMessage(text: string): ParseResult<InstructorClientMessage> {
  return parseWith(text, (v) => instructorClientMessageSchema.safeParse(v));
}

/** Validate a frame of the instructor socket (browser side). */
export function parseInstructorServerMessage(text: string): ParseResult<InstructorServerMessage> {
  return parseWith(text, (v) => instructorServerMessageSchema.safeParse(v));
}
