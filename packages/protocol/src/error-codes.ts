/**
 * Every `code` the server puts in an `error` message, in one list: the
 * schema validates against it and the server's `send` is typed by it, so a
 * code the gateway starts sending must be added here (one line) first.
 */
export const WS_ERROR_CODES = [
  /** The frame is not JSON or fails the schema. */
  'bad-frame',
  /** A binary frame; only JSON text is accepted. */
  'binary-frame',
  /** A message before `hello`. */
  'no-hello',
  /** A second `hello` on one connection. */
  'duplicate-hello',
  /** `hello` with another protocol number; the socket closes (1002). */
  'protocol-version',
  /** A console message for a console this connection did not open. */
  'unknown-console',
  /** `console.open` for a new console while every VTY line is taken (SSH and Telnet count too). */
  'vty-full',
  /** `console.open` naming a router the lab does not have, or `topology.move` naming a node it does not have. */
  'unknown-router',
  /** Over a per-connection rate limit: the message was dropped (or the socket closes, 1008, on persistent abuse). */
  'rate-limited',
  /** An `exercise.*` message to a server that offers no exercises. */
  'no-exercises',
  /** `exercise.start` with an id that is not in the ladder. */
  'unknown-exercise',
  /** `exercise.hint`/`reset`/`checkpoint` with no exercise open. */
  'no-exercise',
  /** A step the open exercise does not have. */
  'unknown-step',
  /** `exercise.checkpoint` for a step without a checkpoint. */
  'no-checkpoint',
  /** An exercise names a topology file that is not a plain file name in apps/server/labs. */
  'bad-topology',
  /** A socket opened read-only (`/ws?lab=<id>&readonly=1`, the instructor's watch) sent a message that would change the lab. */
  'read-only',
  /** The instructor socket's first message was not `instructor.hello` with the right token (the socket closes, 4401). */
  'instructor-token',
  /** Too many wrong instructor tokens from this address lately (the socket closes, 4429). */
  'instructor-throttled',
  /** An `instructor.*` message names a lab the server does not have. */
  'unknown-lab',
  /** The server failed while handling the message; the lab goes on. */
  'internal',
] as const;

export type WsErrorCode = (typeof WS_ERROR_CODES)[number];
