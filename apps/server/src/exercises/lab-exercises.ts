import { LADDER, WIRE_KINDS, evaluateCheck, findExercise } from '@bmp-lab/exercises';
import type { Evaluation, Exercise, Facts } from '@bmp-lab/exercises';
import type { DeviceConfig } from '@bmp-lab/router';
import type { ExerciseProgressEntry, ExerciseStateView, ExerciseSummary, ServerMessage, WsErrorCode } from '@bmp-lab/protocol';
import { LabRoutersError } from '../lab/lab-router-set.js';
import type { Lab } from '../lab/lab.js';
import type { LabRouter } from '../lab/lab-router.js';
import type { Topology } from '../lab/topology.js';
import type { LabStore } from '../persistence/store.js';
import { labFacts } from './facts.js';
import { ProgressBook } from './progress.js';
import { RouteFactLog } from './route-facts.js';
import { resetNotice, routerRemovedNotice } from './reset-notice.js';
import type { ResetCause } from './reset-notice.js';

/** Checks are evaluated at most this often (ms) after a relevant event. */
export const EVALUATE_DEBOUNCE_MS = 100;

/** What is stored per lab (exercise_state table). */
export interface ExerciseRecord {
  exerciseId: string;
  startedAt: number;
  /** Station messages with a lower seq happened before the exercise (re)started and do not count. */
  sinceSeq: number;
  /** Hints revealed, per step. */
  hints: number[];
  completedAt: number | null;
  /**
   * Station connections there before the exercise opened or was reset: none
   * of their messages count, even those arriving later (the Termination of
   * the configuration the reset blanked). A checkpoint leaves them as they
   * are: what its change sends is evidence like a commit's. Absent in records
   * of older servers.
   */
  staleConnections?: string[];
  /** The first log seq of the last open or reset: a connection with an earlier message is stale too. */
  resetSeq?: number;
  /** When the trainee first committed (or restored a checkpoint) since the (re)start; until then no check is judged. */
  actedAt?: number | null;
  /** A checkpoint was restored since the (re)start: a completion now is "done with a checkpoint". */
  checkpointUsed?: boolean;
}

export class ExerciseError extends Error {
  constructor(
    readonly code: WsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The configuration one router of an exercise gets: the first router's (`sysname` undefined) or another's by sysname. */
interface RouterLines {
  sysname: string | undefined;
  lines: readonly string[];
}

/** The routers an exercise needs besides the lab's first, as the lab names them. */
function exerciseRouters(exercise: Exercise): { sysname: string; address: string }[] {
  return (exercise.routers ?? []).map((r) => ({ sysname: r.sysname, address: r.address }));
}

export function ladderSummary(): ExerciseSummary[] {
  return LADDER.map((e) => ({ id: e.id, title: e.title, goal: e.goal, steps: e.steps.length }));
}

/**
 * One lab's exercise: which one is open, its checks' states, hints revealed,
 * completion. Re-evaluated (debounced) on every lab change, broadcast as
 * `exercise.state` when something changed, and stored with the lab.
 */
export class LabExercises {
  private record: ExerciseRecord | null;
  private results = new Map<string, Evaluation>();
  private timer: NodeJS.Timeout | null = null;
  private lastSent = '';
  private readonly unsubscribe: () => void;
  private readonly unsubscribeMessages: () => void;
  /** Prefixes and attributes of Route Monitoring messages, kept while the open exercise has route checks. */
  private readonly routeFacts = new RouteFactLog();
  /**
   * Each router's running configuration as the last (re)start left it; a
   * commit on any of them replaces it (a new object), which is the trainee
   * acting.
   */
  private baseline = new WeakMap<LabRouter, DeviceConfig>();
  /** Opening an exercise waits for the one before (routers are added and removed in order). */
  private opening: Promise<void> = Promise.resolve();
  /** Which exercises of the ladder this lab finished, kept in the store. */
  private readonly book: ProgressBook;

  constructor(
    readonly lab: Lab,
    private readonly store: LabStore | null,
    private readonly timeScale: number,
    private readonly loadTopology: (file: string) => Topology,
  ) {
    const stored = store?.exerciseState(lab.id) as ExerciseRecord | null | undefined;
    this.record = stored && typeof stored === 'object' && findExercise(stored.exerciseId) ? stored : null;
    this.book = new ProgressBook(lab.id, store);
    this.unsubscribe = lab.onChange(() => this.schedule());
    this.unsubscribeMessages = lab.onStationMessage((seq, message) => {
      if (this.readsRoutes()) this.routeFacts.add(seq, message);
    });
    if (this.record) {
      const exercise = findExercise(this.record.exerciseId)!;
      // The exercise's routers come back with their stored configuration and consoles. They are in the lab when
      // ensureRouters returns (before ExerciseService.attachAll forgets unclaimed consoles); they dial once it resolves.
      // Opening another exercise waits for them.
      this.opening = lab.ensureRouters(exerciseRouters(exercise), { restore: true }).then(
        () => this.schedule(),
        (err: unknown) => lab.logger.warn(`exercise ${exercise.id}: its routers could not be added back: ${err instanceof Error ? err.message : String(err)}`),
      );
      // The exercise's stations come back with the lab (e.g. the VPN station).
      void lab.ensureStations(this.loadTopology(exercise.topology).stations).then(
        () => this.schedule(),
        () => undefined,
      );
    }
    this.keepBaseline();
    if (this.record) this.evaluateNow(false);
  }

  get exercise(): Exercise | null {
    return this.record ? (findExercise(this.record.exerciseId) ?? null) : null;
  }

  /**
   * Open an exercise: the lab gets its stations and routers and is reset to
   * its start. Routers an earlier exercise added that this one does not use
   * leave the lab (their consoles are told why and logged out); routers of
   * the lab's topology stay as they are.
   */
  start(id: string): Promise<void> {
    const exercise = findExercise(id);
    if (!exercise) return Promise.reject(new ExerciseError('unknown-exercise', `no exercise "${id}"; the ladder is: ${LADDER.map((e) => e.id).join(', ')}`));
    const open = this.opening.then(async () => {
      await this.lab.ensureStations(this.loadTopology(exercise.topology).stations);
      await this.matchRouters(exercise);
      this.record = { exerciseId: id, startedAt: Date.now(), sinceSeq: 0, hints: exercise.steps.map(() => 0), completedAt: null, actedAt: null, checkpointUsed: false };
      this.applyConfiguration(this.startLines(exercise), { kind: 'start' });
    });
    this.opening = open.catch(() => undefined);
    return open;
  }

  reset(): void {
    const exercise = this.requireOpen();
    this.requireRouters(exercise);
    this.record!.startedAt = Date.now();
    this.record!.completedAt = null;
    this.record!.actedAt = null;
    this.record!.checkpointUsed = false;
    this.applyConfiguration(this.startLines(exercise), { kind: 'reset' });
  }

  checkpoint(step: number): void {
    const exercise = this.requireOpen();
    const s = exercise.steps[step];
    if (!s?.checkpoint) throw new ExerciseError('no-checkpoint', `step ${step + 1} of "${exercise.id}" has no checkpoint`);
    this.requireRouters(exercise);
    // Restoring a checkpoint is acting: its checks are judged at once, and a completion now counts as helped.
    this.record!.actedAt ??= Date.now();
    this.record!.checkpointUsed = true;
    // The first router gets the checkpoint; each other router its own, or its start when the step names none.
    const lines: RouterLines[] = [
      { sysname: undefined, lines: s.checkpoint },
      ...(exercise.routers ?? []).map((r) => ({ sysname: r.sysname, lines: s.routerCheckpoints?.[r.sysname] ?? r.start })),
    ];
    this.applyConfiguration(lines, { kind: 'checkpoint', step, lines: s.checkpoint });
  }

  /** What `start` and `reset` type into each router of the exercise. */
  private startLines(exercise: Exercise): RouterLines[] {
    return [{ sysname: undefined, lines: exercise.start }, ...(exercise.routers ?? []).map((r) => ({ sysname: r.sysname, lines: r.start }))];
  }

  /**
   * The lab's routers become the exercise's: the routers earlier exercises
   * added and this one does not use leave, the ones it lacks are added. A
   * router that cannot join (its name or address taken in this lab's
   * topology) refuses the exercise before anything changes.
   */
  private async matchRouters(exercise: Exercise): Promise<void> {
    const wanted = exerciseRouters(exercise);
    const leaving = this.lab.addedRouterNames().filter((name) => !wanted.some((r) => r.sysname === name));
    const problems = this.lab.routerProblems(wanted, leaving);
    if (problems.length > 0) throw new ExerciseError('bad-topology', `exercise "${exercise.id}" needs routers this lab cannot have: ${problems.join('; ')}`);
    for (const name of leaving) await this.lab.removeRouter(name, routerRemovedNotice(name, exercise));
    try {
      await this.lab.ensureRouters(wanted);
    } catch (e) {
      if (e instanceof LabRoutersError) throw new ExerciseError('bad-topology', `exercise "${exercise.id}" needs routers this lab cannot have: ${e.message}`);
      throw e;
    }
  }

  /** Reset and checkpoint need every router of the open exercise (one that could not be added back after a restart is missing). */
  private requireRouters(exercise: Exercise): void {
    const missing = (exercise.routers ?? []).filter((r) => !this.lab.router(r.sysname)).map((r) => r.sysname);
    if (missing.length > 0) throw new ExerciseError('bad-topology', `the lab has no router ${missing.join(', ')} for "${exercise.id}"; open the exercise again to add it`);
  }

  hint(step: number): void {
    const exercise = this.requireOpen();
    const s = exercise.steps[step];
    if (!s) throw new ExerciseError('unknown-step', `"${exercise.id}" has no step ${step + 1}`);
    const hints = this.record!.hints;
    while (hints.length < exercise.steps.length) hints.push(0);
    hints[step] = Math.min(s.hints.length, (hints[step] ?? 0) + 1);
    this.persist();
    this.send(true);
  }

  /** The messages a new viewer needs. */
  snapshot(): ServerMessage[] {
    return [
      { type: 'exercises.list', exercises: ladderSummary() },
      { type: 'exercise.state', exercise: this.view(), progress: this.book.entries() },
    ];
  }

  view(): ExerciseStateView | null {
    const exercise = this.exercise;
    const record = this.record;
    if (!exercise || !record) return null;
    return {
      id: exercise.id,
      title: exercise.title,
      goal: exercise.goal,
      steps: exercise.steps.map((s, i) => ({
        text: s.text,
        hints: s.hints.slice(0, record.hints[i] ?? 0),
        hintCount: s.hints.length,
        hasCheckpoint: (s.checkpoint?.length ?? 0) > 0,
      })),
      checks: exercise.checks.map((c) => {
        const r = this.results.get(c.id) ?? { state: 'pending' as const, detail: 'not evaluated yet' };
        return { id: c.id, label: c.label, step: c.step, state: r.state, detail: r.detail, hint: c.hint ?? null, wire: WIRE_KINDS.has(c.spec.kind) };
      }),
      startedAt: record.startedAt,
      completedAt: record.completedAt,
    };
  }

  /** Progress at a glance (instructor view). */
  progress(): { exercise: string | null; title: string | null; passed: number; checks: number; completed: boolean } {
    const v = this.view();
    if (!v) return { exercise: null, title: null, passed: 0, checks: 0, completed: false };
    return { exercise: v.id, title: v.title, passed: v.checks.filter((c) => c.state === 'pass').length, checks: v.checks.length, completed: v.completedAt !== null };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe();
    this.unsubscribeMessages();
  }

  /** The open exercise has checks on the station's routes. */
  private readsRoutes(): boolean {
    return this.exercise?.checks.some((c) => c.spec.kind === 'station-route') ?? false;
  }

  private requireOpen(): Exercise {
    const e = this.exercise;
    if (!e) throw new ExerciseError('no-exercise', 'no exercise is open; send exercise.start first');
    return e;
  }

  /**
   * A blank router, then `lines`; only station messages from now on count.
   * Every console of the lab follows: its old candidate could otherwise be
   * committed again and pass checks the trainee never earned.
   */
  private applyConfiguration(configs: readonly RouterLines[], cause: ResetCause): void {
    const last = this.lab.log.newestSeq;
    this.record!.sinceSeq = last === undefined ? 0 : last + 1;
    if (cause.kind !== 'checkpoint') {
      this.record!.resetSeq = this.record!.sinceSeq;
      this.record!.staleConnections = this.lab.station.routers().map((r) => r.id);
    }
    this.routeFacts.clear();
    const errors: string[] = [];
    for (const c of configs) errors.push(...this.lab.replaceConfiguration(c.lines, c.sysname).map((e) => (c.sysname ? `${c.sysname}: ${e}` : e)));
    this.keepBaseline(true);
    // Every router's consoles, also a topology router the exercise does not configure: the notice names what each got.
    this.lab.routers.forEach((router, i) => {
      const mine = cause.kind === 'checkpoint' ? { ...cause, lines: configs.find((c) => (i === 0 ? c.sysname === undefined : c.sysname === router.sysname))?.lines ?? [] } : cause;
      router.device.resetConsoles(resetNotice(this.exercise!, mine));
    });
    if (errors.length > 0) this.lab.logger.warn(`exercise ${this.record!.exerciseId}: ${errors.join('; ')}`);
    this.results.clear();
    this.persist();
    this.evaluateNow(true);
  }

  /** The lab's facts since the (re)start; with the routes of Route Monitoring when the exercise has route checks. */
  private facts(record: ExerciseRecord): Facts {
    const { sinceSeq } = record;
    const window = {
      sinceSeq,
      resetSeq: record.resetSeq ?? sinceSeq,
      staleConnections: new Set(record.staleConnections ?? []),
      acted: (record.actedAt ?? null) !== null,
    };
    if (!this.readsRoutes()) {
      this.routeFacts.clear();
      return labFacts(this.lab, window, this.timeScale);
    }
    // Only what the station log still holds, from this (re)start on.
    this.routeFacts.dropBefore(Math.max(sinceSeq, this.lab.log.oldestSeq ?? 0));
    this.routeFacts.backfill(this.lab.log, sinceSeq);
    return labFacts(this.lab, window, this.timeScale, this.routeFacts);
  }

  private schedule(): void {
    if (this.timer || !this.record) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.evaluateNow(true);
    }, EVALUATE_DEBOUNCE_MS);
    this.timer.unref();
  }

  private evaluateNow(broadcast: boolean): void {
    const exercise = this.exercise;
    const record = this.record;
    if (!exercise || !record) return;
    if ((record.actedAt ?? null) === null && this.keepBaseline()) {
      record.actedAt = Date.now();
      this.persist();
    }
    const facts = this.facts(record);
    for (const c of exercise.checks) this.results.set(c.id, evaluateCheck(c, facts));
    if (record.completedAt === null && exercise.checks.every((c) => this.results.get(c.id)?.state === 'pass')) {
      record.completedAt = Date.now();
      this.book.finished(exercise.id, record.completedAt, record.checkpointUsed === true);
      this.persist();
    }
    this.send(broadcast);
  }

  /**
   * Note each router's running configuration as the baseline (all of them
   * with `renew`, after a (re)start; otherwise only a router seen for the
   * first time, such as one added back after a restart). True when some
   * router's configuration is no longer its baseline: a commit on it.
   */
  private keepBaseline(renew = false): boolean {
    let committed = false;
    for (const router of this.lab.routers) {
      const base = this.baseline.get(router);
      if (renew || base === undefined) this.baseline.set(router, router.device.running);
      else if (base !== router.device.running) committed = true;
    }
    return committed;
  }

  /** The exercises this lab finished, in ladder order. */
  finishedExercises(): ExerciseProgressEntry[] {
    return this.book.entries();
  }

  private send(broadcast: boolean): void {
    const message: ServerMessage = { type: 'exercise.state', exercise: this.view(), progress: this.book.entries() };
    const text = JSON.stringify(message);
    if (text === this.lastSent) return;
    this.lastSent = text;
    if (broadcast) this.lab.broadcastQuiet(message);
  }

  private persist(): void {
    if (this.record) this.store?.setExerciseState(this.lab.id, this.record);
  }
}
