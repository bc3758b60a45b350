import { BMP_TYPE_LABELS, BMP_TYPES_IN_SESSION_ORDER } from '../bmp-types.js';
import { SessionRow } from './SessionRow.js';

export function SessionTable({ keys }: { keys: readonly string[] }) {
  return (
    <table className="session-table">
      <thead>
        <tr>
          <th scope="col">Session</th>
          <th scope="col" className="num">Port</th>
          <th scope="col">State</th>
          <th scope="col" className="num">Age</th>
          <th scope="col">Local</th>
          {BMP_TYPES_IN_SESSION_ORDER.map((t) => (
            <th key={t} scope="col" className="num counter" title={`${BMP_TYPE_LABELS[t].long} messages sent`}>
              {BMP_TYPE_LABELS[t].short}
            </th>
          ))}
          <th scope="col" className="num" title="Bytes sent on this session">Bytes</th>
          <th scope="col" className="num" title="Times the TCP connection came up">Conn</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <SessionRow key={k} sessionKey={k} />
        ))}
      </tbody>
    </table>
  );
}
