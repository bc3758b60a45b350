/** `Up`, or `Down` with VRP's reason (e.g. `Manual Stop`). */
export function SessionStateCell({ state, downReason }: { state: 'up' | 'down'; downReason: string | null }) {
  return (
    <td className="session-state">
      <span className={`state-pill state-pill-${state}`}>{state === 'up' ? 'Up' : 'Down'}</span>
      {state === 'down' && downReason !== null && <span className="down-reason">{downReason}</span>}
    </td>
  );
}
