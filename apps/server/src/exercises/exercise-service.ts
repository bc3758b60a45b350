import { dirname, join } from 'node:path';
import type { ClientMessage, ServerMessage } from '@bmp-lab/protocol';
import type { Lab } from '../lab/lab.js';
import type { LabManager } from '../lab/lab-manager.js';
import { DEFAULT_TOPOLOGY_FILE, loadTopologyFile } from '../lab/topology.js';
import type { Topology } from '../lab/topology.js';
import type { LabStore } from '../persistence/store.js';
import { toSessionView } from '../lab/session-view.js';
import { ExerciseError, LabExercises } from './lab-exercises.js';

/** Exercise topologies live beside the default lab's file (apps/server/labs). */
const LABS_DIR = dirname(DEFAULT_TOPOLOGY_FILE);

type ExerciseClientMessage = Extract<ClientMessage, { type: `exercise.${string}` }>;

/** The exercises of every lab of the server (one LabExercises per lab, made on first use). */
export class ExerciseService {
  private readonly perLab = new Map<string, LabExercises>();
  private readonly topologies = new Map<string, Topology>();

  constructor(
    private readonly labs: LabManager,
    private readonly store: LabStore | null,
    private readonly timeScale: number,
  ) {
    labs.onDeleted((id) => {
      this.perLab.get(id)?.dispose();
      this.perLab.delete(id);
    });
  }

  for(lab: Lab): LabExercises {
    let e = this.perLab.get(lab.id);
    if (!e || e.lab !== lab) {
      e?.dispose();
      e = new LabExercises(lab, this.store, this.timeScale, (file) => this.topology(file));
      this.perLab.set(lab.id, e);
    }
    return e;
  }

  /**
   * Bring back every lab's stored exercise (checks evaluated again, stations
   * and routers restored); then each lab forgets the stored consoles of
   * routers no exercise brought back.
   */
  attachAll(): void {
    for (const lab of this.labs.list()) {
      this.for(lab);
      lab.forgetUnclaimedConsoles();
    }
  }

  snapshot(lab: Lab): ServerMessage[] {
    return this.for(lab).snapshot();
  }

  /** Act on an exercise message; errors come back as an `error` message. */
  handle(lab: Lab, msg: ExerciseClientMessage, send: (m: ServerMessage) => void): void {
    const e = this.for(lab);
    const fail = (err: unknown) => {
      if (err instanceof ExerciseError) send({ type: 'error', code: err.code, message: err.message });
      else {
        lab.logger.error({ err }, 'exercise');
        send({ type: 'error', code: 'internal', message: 'the exercise could not be changed' });
      }
    };
    try {
      switch (msg.type) {
        case 'exercise.start':
          e.start(msg.id).catch(fail);
          return;
        case 'exercise.hint':
          return e.hint(msg.step);
        case 'exercise.reset':
          return e.reset();
        case 'exercise.checkpoint':
          return e.checkpoint(msg.step);
      }
    } catch (err) {
      fail(err);
    }
  }

  /** Every lab with its exercise progress and its first router's BMP session states (instructor view: the router exercises start from). */
  overview(): unknown[] {
    return this.labs.list().map((lab) => ({
      id: lab.id,
      url: lab.id === 'default' ? '/' : `/labs/${lab.id}`,
      router: lab.device.running.sysname,
      consoles: lab.consoles.size,
      ...this.for(lab).progress(),
      sessions: lab.device.bmpSessions().map((s) => {
        const v = toSessionView(s);
        return { key: v.key, address: v.address, alias: v.alias, vpnInstance: v.vpnInstance, port: v.port, state: v.state, downReason: v.downReason };
      }),
    }));
  }

  private topology(file: string): Topology {
    if (!/^[\w.-]+\.ya?ml$/.test(file)) throw new ExerciseError('bad-topology', `exercise topology "${file}" is not a file name in apps/server/labs`);
    let t = this.topologies.get(file);
    if (!t) {
      t = loadTopologyFile(join(LABS_DIR, file));
      this.topologies.set(file, t);
    }
    return t;
  }
}
