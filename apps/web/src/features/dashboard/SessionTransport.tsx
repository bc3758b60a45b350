import { formatBytes, formatEndpoint } from '../format.js';

/** The TCP side: local endpoint while connected, bytes written, times the connection came up. */
export function SessionTransport(props: {
  localAddress: string | null;
  localPort: number | null;
  bytesSent: number;
  connects: number;
}) {
  const local = formatEndpoint(props.localAddress, props.localPort);
  return (
    <td className="session-transport">
      <div className="mono">{local ?? <span className="muted">not connected</span>}</div>
      <div className="sub-line">
        <span title={`${props.bytesSent} bytes sent`}>{formatBytes(props.bytesSent)}</span>
        {' · '}
        <span title="Times the TCP connection came up">
          {props.connects} {props.connects === 1 ? 'connect' : 'connects'}
        </span>
      </div>
    </td>
  );
}
