import type { FeedView } from '@bmp-lab/protocol';

const RIB_LABEL: Record<FeedView['rib'], string> = {
  'adj-rib-in': 'Adj-RIB-In',
  'adj-rib-out': 'Adj-RIB-Out',
  'loc-rib': 'Loc-RIB',
};

/** Monitored feeds grouped by peer (the Loc-RIB apart), each RIB view with its route mode and Peer Up state. */
export function FeedList({ feeds }: { feeds: readonly FeedView[] }) {
  if (feeds.length === 0) {
    return <p className="muted">Nothing monitored: configure `monitor public` or a peer in the BMP session view.</p>;
  }
  const groups = new Map<string, FeedView[]>();
  for (const f of feeds) {
    const k = f.peer ?? 'Loc-RIB';
    const list = groups.get(k) ?? [];
    list.push(f);
    groups.set(k, list);
  }
  return (
    <table className="feeds">
      <thead>
        <tr>
          <th scope="col">Peer</th>
          <th scope="col">Family</th>
          <th scope="col">RIB views</th>
        </tr>
      </thead>
      <tbody>
        {[...groups].map(([peer, list]) => (
          <tr key={peer} data-feed-peer={peer}>
            <th scope="row" className="mono">
              {peer}
            </th>
            <td>IPv4 unicast</td>
            <td>
              {list.map((f) => (
                <span
                  key={`${f.rib}-${f.postPolicy}`}
                  className={`feed-chip${f.up ? ' up' : ''}`}
                  title={f.up ? 'Peer Up sent on this connection' : 'No Peer Up sent (yet) on this connection'}
                  data-feed={`${f.rib}${f.rib === 'loc-rib' ? '' : f.postPolicy ? ' post-policy' : ' pre-policy'}`}
                  data-up={f.up}
                >
                  {RIB_LABEL[f.rib]}
                  {f.rib !== 'loc-rib' && <span className="feed-mode">{f.postPolicy ? 'post' : 'pre'}</span>}
                </span>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
