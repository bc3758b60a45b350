import type { InstructorLabRow, InstructorServerMessage } from '@bmp-lab/protocol';
import type { DeviceConfig } from '@bmp-lab/router';
import type { Lab } from '../lab/lab.js';
import type { LabManager } from '../lab/lab-manager.js';
import { toSessionView } from '../lab/session-view.js';
import type { ExerciseService } from '../exercises/exercise-service.js';
import type { TraineeNames } from './trainee-names.js';

/**
 * How often the instructor's rows are recomputed and the changed ones sent:
 * at most 1000/FEED_INTERVAL_MS messages a second for the whole class,
 * whatever its size; a commit shows within this plus the exercises' 100 ms
 * debounce.
 */
export const FEED_INTERVAL_MS = 250;

type Send = (m: InstructorServerMessage) => void;

/** What the feed remembers per lab between ticks. */
interface LabMemory {
  /** Every router's running configuration seen last, in router order: a new object is a commit (activity). */
  running: DeviceConfig[];
  lastActivity: number | null;
  stuck: { id: string; since: number } | null;
}

/**
 * The instructor's table, live: one row per lab (name, exercises done, open
 * exercise, the check the trainee is stuck on and since when, BMP and BGP
 * states, last activity). While anyone subscribes it recomputes the rows
 * every FEED_INTERVAL_MS and sends only the rows that changed, one message
 * per tick for every subscriber; with no subscriber it does nothing.
 */
export class InstructorFeed {
  private readonly subscribers = new Set<Send>();
  private readonly memory = new Map<string, LabMemory>();
  /** Lab id → the row's JSON as last sent. */
  private readonly sent = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly labs: LabManager,
    private readonly exercises: ExerciseService,
    private readonly names: TraineeNames,
    private readonly now: () => number = Date.now,
  ) {}

  /** The trainee typed in a console of the lab (the gateway calls this on `console.input`). */
  touch(labId: string): void {
    const m = this.memory.get(labId);
    if (m) m.lastActivity = this.now();
    else {
      const lab = this.labs.get(labId);
      if (lab) this.memory.set(labId, { running: runningOf(lab), lastActivity: this.now(), stuck: null });
    }
  }

  /** Start hearing the rows: the whole table now, then the changed rows. Returns the unsubscribe. */
  subscribe(send: Send): () => void {
    // Bring the others up to date first, so the snapshot and the shared "sent" state agree.
    this.tick();
    this.subscribers.add(send);
    send({ type: 'instructor.snapshot', labs: this.labs.list().map((lab) => this.rowOf(lab, this.sent)) });
    this.timer ??= setInterval(() => this.tick(), FEED_INTERVAL_MS);
    this.timer.unref();
    return () => {
      this.subscribers.delete(send);
      if (this.subscribers.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
        this.sent.clear();
      }
    };
  }

  /** Every row now, for one subscriber that missed updates (the others' shared state is left alone). */
  table(): InstructorLabRow[] {
    return this.labs.list().map((lab) => this.row(lab));
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.subscribers.clear();
  }

  /** Recompute; send what changed since the last tick to every subscriber. */
  private tick(): void {
    const changed: InstructorLabRow[] = [];
    const present = new Set<string>();
    for (const lab of this.labs.list()) {
      present.add(lab.id);
      const row = this.row(lab);
      const json = JSON.stringify(row);
      if (this.sent.get(lab.id) === json) continue;
      this.sent.set(lab.id, json);
      changed.push(row);
    }
    const removed = [...this.sent.keys()].filter((id) => !present.has(id));
    for (const id of removed) {
      this.sent.delete(id);
      this.memory.delete(id);
    }
    for (const id of [...this.memory.keys()]) if (!present.has(id)) this.memory.delete(id);
    if (changed.length === 0 && removed.length === 0) return;
    for (const send of this.subscribers) send({ type: 'instructor.labs', labs: changed, removed });
  }

  /** A row, recording it as sent (the snapshot path). */
  private rowOf(lab: Lab, sent: Map<string, string>): InstructorLabRow {
    const row = this.row(lab);
    sent.set(lab.id, JSON.stringify(row));
    return row;
  }

  private row(lab: Lab): InstructorLabRow {
    const now = this.now();
    let m = this.memory.get(lab.id);
    const running = runningOf(lab);
    if (!m) {
      m = { running, lastActivity: null, stuck: null };
      this.memory.set(lab.id, m);
    }
    // A commit on any router of the lab (or a router added or taken out) is activity.
    if (running.length !== m.running.length || running.some((r, i) => r !== m.running[i])) {
      m.running = running;
      m.lastActivity = now;
    }
    const ex = this.exercises.for(lab);
    const view = ex.view();
    const failing = view && view.completedAt === null ? view.checks.find((c) => c.state !== 'pass') : undefined;
    if (!failing) m.stuck = null;
    // A check the feed saw first now: stuck since the exercise (re)started or the previous check passed, whichever the feed saw.
    else if (m.stuck?.id !== failing.id) m.stuck = { id: failing.id, since: m.stuck === null ? view!.startedAt : now };
    return {
      id: lab.id,
      url: lab.id === 'default' ? '/' : `/labs/${lab.id}`,
      name: this.names.get(lab.id),
      router: lab.device.running.sysname,
      exercisesDone: ex.finishedExercises().length,
      exercise: view
        ? { id: view.id, title: view.title, passed: view.checks.filter((c) => c.state === 'pass').length, checks: view.checks.length, completed: view.completedAt !== null }
        : null,
      stuck: failing && m.stuck ? { id: failing.id, label: failing.label, since: m.stuck.since } : null,
      // Every router's sessions; those of a router other than the lab's first name it (a lab of several routers).
      bmp: lab.routers.flatMap((r, i) =>
        r.device.bmpSessions().map((s) => {
          const v = toSessionView(s);
          return { key: r.keyPrefix + v.key, address: v.address, port: v.port, state: v.state, ...(i === 0 ? {} : { router: r.sysname }) };
        }),
      ),
      bgp: lab.routers.flatMap((r, i) => r.device.bgpPeers().map((p) => ({ address: p.address, state: p.state, ...(i === 0 ? {} : { router: r.sysname }) }))),
      consoles: lab.routers.flatMap((r) => r.consoles.ids()),
      lastActivity: m.lastActivity,
    };
  }
}

/** Every router's running configuration, in router order. */
function runningOf(lab: Lab): DeviceConfig[] {
  return lab.routers.map((r) => r.device.running);
}
