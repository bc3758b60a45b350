import { TEST_IDS } from '@bmp-lab/protocol';
import type { ExerciseStateView } from '@bmp-lab/protocol';
import { useLab, useLabState } from '../../app/lab-context.js';

const MARK: Record<string, string> = { pass: '✔', fail: '✘', pending: '…' };

/** The exercise ladder, the open exercise's steps, hints and live checks. */
export function ExercisePanel() {
  const { connection } = useLab();
  const ladder = useLabState((s) => s.exercises.ladder);
  const current = useLabState((s) => s.exercises.current);
  return (
    <section className="panel exercise-panel" aria-label="Exercises">
      <h2>Exercises</h2>
      <ol className="exercise-ladder">
        {ladder.map((e) => (
          <li
            key={e.id}
            data-testid={TEST_IDS.exerciseItem}
            data-exercise-id={e.id}
            data-current={current?.id === e.id ? 'true' : 'false'}
            data-completed={current?.id === e.id && current.completedAt !== null ? 'true' : 'false'}
          >
            <button type="button" onClick={() => connection.exercise({ type: 'exercise.start', id: e.id })} title={e.goal}>
              {e.title}
            </button>
          </li>
        ))}
      </ol>
      {current ? <OpenExercise exercise={current} /> : <p className="exercise-empty">Pick an exercise: the lab is reset to its start.</p>}
    </section>
  );
}

function OpenExercise({ exercise }: { exercise: ExerciseStateView }) {
  const { connection } = useLab();
  const passed = exercise.checks.filter((c) => c.state === 'pass').length;
  return (
    <div className="exercise-open" data-exercise={exercise.id}>
      <h3>{exercise.title}</h3>
      <p className="exercise-goal">{exercise.goal}</p>
      <button type="button" data-action="exercise-reset" onClick={() => connection.exercise({ type: 'exercise.reset' })}>
        Reset to start
      </button>
      {exercise.completedAt !== null && (
        <div className="exercise-complete" data-testid="exercise-complete" role="status">
          Completed: all {exercise.checks.length} checks pass, confirmed by what the station received.
        </div>
      )}
      <ol className="exercise-steps">
        {exercise.steps.map((step, i) => (
          <li key={i} data-step={i}>
            <p>{step.text}</p>
            {step.hints.map((h, j) => (
              <p key={j} className="exercise-hint" data-testid="exercise-hint">
                Hint: {h}
              </p>
            ))}
            <div className="exercise-step-actions">
              {step.hints.length < step.hintCount && (
                <button type="button" data-action="exercise-hint" onClick={() => connection.exercise({ type: 'exercise.hint', step: i })}>
                  Show a hint ({step.hints.length}/{step.hintCount})
                </button>
              )}
              {step.hasCheckpoint && (
                <button type="button" data-action="exercise-checkpoint" onClick={() => connection.exercise({ type: 'exercise.checkpoint', step: i })}>
                  Restore checkpoint
                </button>
              )}
            </div>
            <ul className="exercise-checks">
              {exercise.checks
                .filter((c) => c.step === i)
                .map((c) => (
                  <li key={c.id} data-testid={TEST_IDS.exerciseCheck} data-check-id={c.id} data-state={c.state} data-wire={c.wire ? 'true' : 'false'} className={`check-${c.state}`}>
                    <span className="check-mark" aria-hidden="true">{MARK[c.state]}</span> {c.label}
                    {c.wire && <span className="check-wire" title="read from the station's received messages"> (wire)</span>}
                    <div className="check-detail">{c.detail}</div>
                    {c.state !== 'pass' && c.hint && <div className="check-hint">{c.hint}</div>}
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ol>
      <p className="exercise-summary" data-testid="exercise-summary">
        {passed} of {exercise.checks.length} checks pass
      </p>
    </div>
  );
}
