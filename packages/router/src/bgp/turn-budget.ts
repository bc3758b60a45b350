/**
 * How long (real milliseconds, `Clock.elapsed`) one turn of BGP work may hold
 * the event loop before it lets the rest wait for a later turn (`Clock.later`).
 * Every lab of the server shares that loop: a neighbor's full table handled
 * a read at a time, or an import policy run over it in one go, held every
 * lab's consoles for seconds. Receiving (a session's backlog of messages),
 * sending (a lab neighbor's table) and re-importing (a changed import policy
 * over kept routes) each stop after this long.
 */
export const TURN_BUDGET_MS = 8;
