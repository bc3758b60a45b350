import { BMP_TYPE_LABELS, BMP_TYPES_IN_SESSION_ORDER } from '../bmp-types.js';
import { SessionRow } from './SessionRow.js';

export function SessionTable({ keys }: { keys: readonly string[] }) {
  return (
    <table className="session-table">
      <thead>
        <tr className="group-row">
          <th scope="colgroup" colSpan={3} />
          <th scope="colgroup" colSpan={BMP_TYPES_IN_SESSION_ORDER.length} className="group-label">
            Messages sent
          </th>
        </tr>
        <tr>
          <th scope="col" title="Monitoring station address:port, alias, VPN instance">Station</th>
          <th scope="col" title="State (Down reason) and time in that state">State · Age</th>
          <th scope="col" title="Local TCP endpoint, bytes sent, times connected">Local</th>
          {BMP_TYPES_IN_SESSION_ORDER.map((t) => (
            <th key={t} scope="col" className="num counter" title={`${BMP_TYPE_LABELS[t].long} messages sent`}>
              {BMP_TYPE_LABELS[t].short}
            </th>
          ))}
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
