import { SessionAge } from './SessionAge.js';

/** `Up` or `Down` (with VRP's reason, e.g. `Manual Stop`) and the live Age. */
export function SessionStateCell(props: { state: 'up' | 'down'; downReason: string | null; since: number }) {
  return (
    <td className="session-state">
      <div>
        <span className={`state-pill state-pill-${props.state}`}>{props.state === 'up' ? 'Up' : 'Down'}</span>
        <SessionAge since={props.since} />
      </div>
      {props.state === 'down' && props.downReason !== null && (
        <div className="sub-line down-reason">{props.downReason}</div>
      )}
    </td>
  );
}
