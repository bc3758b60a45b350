/** Address, plus the alias and VPN instance that tell same-address sessions apart. */
export function SessionIdentity(props: { address: string; alias: string | null; vpnInstance: string | null }) {
  return (
    <th scope="row" className="session-identity">
      <span className="mono strong">{props.address}</span>
      {props.alias !== null && (
        <span className="tag" title="alias">
          alias {props.alias}
        </span>
      )}
      {props.vpnInstance !== null && (
        <span className="tag tag-vpn" title="vpn-instance">
          vpn {props.vpnInstance}
        </span>
      )}
    </th>
  );
}
