import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebSocket } from 'ws';
import { PROTOCOL_VERSION, parseInstructorClientMessage } from '@bmp-lab/protocol';
import type { InstructorClientMessage, InstructorServerMessage } from '@bmp-lab/protocol';
import type { LabManager } from '../lab/lab-manager.js';
import type { ExerciseService } from '../exercises/exercise-service.js';
import { ExerciseError } from '../exercises/lab-exercises.js';
import type { GuessThrottle } from '../security/guess-throttle.js';
import type { InstructorFeed } from './instructor-feed.js';
import { log } from '../log.js';

/** Close codes of the instructor socket (application range). */
export const CLOSE_INSTRUCTOR_TOKEN = 4401;
export const CLOSE_INSTRUCTOR_THROTTLED = 4429;
/** The token must arrive this soon after the upgrade, or the socket closes. */
export const INSTRUCTOR_HELLO_MS = 10_000;
/** Unsent bytes past which a tick's update is skipped (the next snapshot-free tick carries the newer rows anyway). */
const MAX_BUFFERED = 1024 * 1024;

export interface InstructorSockets {
  labs: LabManager;
  exercises: ExerciseService;
  feed: InstructorFeed;
  /** BMPLAB_INSTRUCTOR_TOKEN (never null here: without it `/ws?instructor=1` answers 404). */
  token: string;
  /** Wrong guesses per source address, shared with the REST routes. */
  guesses: GuessThrottle;
}

/** Equal in constant time, the length included (both sides hashed to 32 bytes first). */
function same(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * One instructor's socket (`/ws?instructor=1`): nothing is sent before its
 * first message, `instructor.hello` with the token; a missing or wrong token
 * closes it (4401), and wrong ones count against the address like the REST
 * routes' (4429 past the limit). Then it hears the instructor feed and may
 * reset labs.
 */
export function acceptInstructor(ws: WebSocket, source: string, ctx: InstructorSockets): void {
  let unsubscribe: (() => void) | null = null;
  /** Refused: what else arrives before the close is ignored (and counts as no further guess). */
  let refused = false;
  const send = (m: InstructorServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
  };
  const refuse = (code: 'instructor-token' | 'instructor-throttled', message: string) => {
    refused = true;
    send({ type: 'error', code, message });
    ws.close(code === 'instructor-token' ? CLOSE_INSTRUCTOR_TOKEN : CLOSE_INSTRUCTOR_THROTTLED, code);
  };
  const helloTimer = setTimeout(() => refuse('instructor-token', `no instructor.hello within ${INSTRUCTOR_HELLO_MS / 1000} s`), INSTRUCTOR_HELLO_MS);
  helloTimer.unref();

  const hello = (msg: InstructorClientMessage) => {
    clearTimeout(helloTimer);
    if (msg.type !== 'instructor.hello') return refuse('instructor-token', 'the first message must be instructor.hello with the instructor token');
    if (msg.protocol !== PROTOCOL_VERSION) {
      send({ type: 'error', code: 'protocol-version', message: `server speaks protocol ${PROTOCOL_VERSION}, client ${msg.protocol}` });
      return ws.close(1002, 'protocol version');
    }
    if (!ctx.guesses.allowed(source)) return refuse('instructor-throttled', 'too many wrong instructor tokens from this address: try again later');
    if (!same(msg.token, ctx.token)) {
      if (!ctx.guesses.wrong(source)) return refuse('instructor-throttled', 'too many wrong instructor tokens from this address: try again later');
      return refuse('instructor-token', 'wrong instructor token (BMPLAB_INSTRUCTOR_TOKEN)');
    }
    // A socket that does not read skips updates instead of queueing them (the rows are state, not events),
    // and gets the whole table with the first update once it reads again.
    let stale = false;
    unsubscribe = ctx.feed.subscribe((m) => {
      if (m.type !== 'instructor.labs') return send(m);
      if (ws.bufferedAmount > MAX_BUFFERED) stale = true;
      else if (stale) {
        stale = false;
        send({ type: 'instructor.snapshot', labs: ctx.feed.table() });
      } else send(m);
    });
  };

  const reset = (msg: Extract<InstructorClientMessage, { type: 'instructor.reset' }>) => {
    const lab = ctx.labs.get(msg.labId);
    if (!lab) return send({ type: 'error', code: 'unknown-lab', message: `no lab "${msg.labId}"` });
    try {
      // What the trainee's own reset does; or the configuration a new lab of this topology starts with (blank).
      if (msg.to === 'exercise') ctx.exercises.for(lab).reset();
      else lab.replaceConfiguration([]);
    } catch (e) {
      if (e instanceof ExerciseError) return send({ type: 'error', code: e.code, message: e.message });
      throw e;
    }
    send({ type: 'instructor.reset', labId: lab.id, to: msg.to });
  };

  ws.on('message', (data, isBinary) => {
    if (refused) return;
    if (isBinary) return send({ type: 'error', code: 'binary-frame', message: 'frames must be JSON text' });
    // binaryType is ws's default 'nodebuffer': a message is one Buffer.
    const parsed = parseInstructorClientMessage((data as Buffer).toString());
    if (!parsed.ok) {
      if (!unsubscribe) return refuse('instructor-token', `the first message must be instructor.hello with the instructor token (${parsed.error})`);
      return send({ type: 'error', code: 'bad-frame', message: parsed.error });
    }
    if (!unsubscribe) return hello(parsed.value);
    if (parsed.value.type === 'instructor.hello') return send({ type: 'error', code: 'duplicate-hello', message: 'instructor.hello was already received' });
    const msg = parsed.value;
    try {
      reset(msg);
    } catch (e) {
      log.error({ err: e }, 'instructor reset failed');
      send({ type: 'error', code: 'internal', message: 'the lab could not be reset' });
    }
  });
  ws.on('close', () => {
    clearTimeout(helloTimer);
    unsubscribe?.();
  });
  ws.on('error', () => ws.terminate());
}
