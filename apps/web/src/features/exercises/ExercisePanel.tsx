import { TEST_IDS } from '@bmp-lab/protocol';
import type { ExerciseProgressEntry, ExerciseStateView, ExerciseSummary } from '@bmp-lab/protocol';
import { useLab, useLabState } from '../../app/lab-context.js';
import { InlineCode } from './InlineCode.js';

const MARK: Record<string, string> = { pass: '✔', fail: '✘', pending: '…' };

/** The ✓ of a finished exercise: on one's own, or (marked apart) after restoring a checkpoint. */
function DoneMark({ entry }: { entry: ExerciseProgressEntry }) {
  const words = entry.withCheckpoint ? 'done with a checkpoint' : 'done';
  return (
    <span
      className={`exercise-done${entry.withCheckpoint ? ' with-checkpoint' : ''}`}
      data-testid={TEST_IDS.exerciseDone}
      data-with-checkpoint={entry.withCheckpoint ? 'true' : 'false'}
      title={words}
      aria-label={words}
    >
      ✓{entry.withCheckpoint ? <sup aria-hidden="true">cp</sup> : null}
    </span>
  );
}

/** The exercise ladder, the open exercise's steps, hints and live checks. */
export function ExercisePanel() {
  const { connection } = useLab();
  const ladder = useLabState((s) => s.exercises.ladder);
  const current = useLabState((s) => s.exercises.current);
  const progress = useLabState((s) => s.exercises.progress);
  const done = new Map(progress.map((p) => [p.id, p]));
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
            data-completed={done.has(e.id) || (current?.id === e.id && current.completedAt !== null) ? 'true' : 'false'}
          >
            <button type="button" onClick={() => connection.exercise({ type: 'exercise.start', id: e.id })} title={e.goal}>
              {e.title}
              {done.has(e.id) && (
                <>
                  {' '}
                  <DoneMark entry={done.get(e.id)!} />
                </>
              )}
            </button>
          </li>
        ))}
      </ol>
      {current ? <OpenExercise exercise={current} ladder={ladder} progress={progress} /> : <p className="exercise-empty">Pick an exercise: the lab is reset to its start.</p>}
    </section>
  );
}

/** After a finished exercise: Next opens the following one; after the last, the end of the ladder. */
function WhatNext({ exercise, ladder, progress }: { exercise: ExerciseStateView; ladder: readonly ExerciseSummary[]; progress: readonly ExerciseProgressEntry[] }) {
  const { connection } = useLab();
  const index = ladder.findIndex((e) => e.id === exercise.id);
  const next = index >= 0 ? ladder[index + 1] : undefined;
  if (next) {
    return (
      <button
        type="button"
        className="exercise-next"
        data-testid={TEST_IDS.exerciseNext}
        data-next-id={next.id}
        onClick={() => connection.exercise({ type: 'exercise.start', id: next.id })}
      >
        Next: {next.title}
      </button>
    );
  }
  const own = progress.filter((p) => !p.withCheckpoint).length;
  const helped = progress.length - own;
  return (
    <div className="exercise-ladder-done" data-testid={TEST_IDS.exerciseLadderDone} role="status">
      That was the last exercise of the ladder. You finished {progress.length} of {ladder.length}: {own} on your own
      {helped > 0 ? `, ${helped} with a checkpoint` : ''}.{progress.length < ladder.length ? ' The ones without a ✓ are still open.' : ''}
    </div>
  );
}

function OpenExercise({ exercise, ladder, progress }: { exercise: ExerciseStateView; ladder: readonly ExerciseSummary[]; progress: readonly ExerciseProgressEntry[] }) {
  const { connection } = useLab();
  const passed = exercise.checks.filter((c) => c.state === 'pass').length;
  const entry = progress.find((p) => p.id === exercise.id);
  const finished = exercise.completedAt !== null || entry !== undefined;
  return (
    <div className="exercise-open" data-exercise={exercise.id}>
      <h3>
        {exercise.title}
        {entry && (
          <>
            {' '}
            <DoneMark entry={entry} />
          </>
        )}
      </h3>
      <p className="exercise-goal">
        <InlineCode text={exercise.goal} />
      </p>
      <button type="button" data-action="exercise-reset" onClick={() => connection.exercise({ type: 'exercise.reset' })}>
        Reset to start
      </button>
      {exercise.completedAt !== null && (
        <div className="exercise-complete" data-testid="exercise-complete" role="status">
          Completed: all {exercise.checks.length} checks pass, confirmed by what the station received
          {entry?.withCheckpoint ? ' (done with a checkpoint: solve it from the start on your own to earn a plain ✓)' : ''}.
        </div>
      )}
      {finished && <WhatNext exercise={exercise} ladder={ladder} progress={progress} />}
      <ol className="exercise-steps">
        {exercise.steps.map((step, i) => (
          <li key={i} data-step={i}>
            <p>
              <InlineCode text={step.text} />
            </p>
            {step.hints.map((h, j) => (
              <p key={j} className="exercise-hint" data-testid="exercise-hint">
                Hint: <InlineCode text={h} />
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
                  <li
                    key={c.id}
                    data-testid={TEST_IDS.exerciseCheck}
                    data-check-id={c.id}
                    data-state={c.state}
                    data-wire={c.wire ? 'true' : 'false'}
                    className={`check-${c.state}`}
                  >
                    <span className="check-mark" aria-hidden="true">
                      {MARK[c.state]}
                    </span>{' '}
                    {c.label}
                    {c.wire && (
                      <span className="check-wire" title="read from the station's received messages">
                        {' '}
                        (wire)
                      </span>
                    )}
                    <div className="check-detail">
                      <InlineCode text={c.detail} />
                    </div>
                    {c.state !== 'pass' && c.hint && (
                      <div className="check-hint">
                        <InlineCode text={c.hint} />
                      </div>
                    )}
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
