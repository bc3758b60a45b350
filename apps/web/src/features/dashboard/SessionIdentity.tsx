/** Station address and port, plus the alias and VPN instance that tell same-address sessions apart. */
export function SessionIdentity(props: {
  address: string;
  port: number | null;
  alias: string | null;
  vpnInstance: string | null;
}) {
  const hasTags = props.alias !== null || props.vpnInstance !== null;
  return (
    <th scope="row" className="session-identity">
      <div className="mono">
        <span className="strong">{props.address}</span>
        {props.port !== null ? (
          <span className="port">:{props.port}</span>
        ) : (
          <span className="no-port" title="No `tcp connect port` committed: the session cannot connect">
            {' '}
            no port
          </span>
        )}
      </div>
      {hasTags && (
        <div className="sub-line">
          {props.alias !== null && <span className="tag" title="alias">alias {props.alias}</span>}
          {props.vpnInstance !== null && (
            <span className="tag tag-vpn" title="vpn-instance">
              vpn {props.vpnInstance}
            </span>
          )}
        </div>
      )}
    </th>
  );
}
