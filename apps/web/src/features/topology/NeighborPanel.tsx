import { useCallback, useEffect, useMemo, useRef, useState, type SubmitEvent } from 'react';
import { neighborsApi, type ApiResult, type NeighborEntry } from './neighbors-api.js';
import { EMPTY_ROUTE_FIELDS, fieldsFromRoute, routeAttributes, routeFromFields, type NeighborRoute, type RouteFields } from './route-form.js';

/** How often the panel reads the neighbor again while it is open (its session state changes on its own). */
const REFRESH_MS = 3_000;

/**
 * One lab neighbor's routes, and what can be done to them at run time:
 * announce (or announce again with new attributes), withdraw, flap (withdraw,
 * then announce again), and bring the neighbor's session down or up, over
 * the neighbors REST API. The server's error text is shown as it is.
 */
export function NeighborPanel(props: { labId: string; address: string; version: unknown; onClose: () => void }) {
  const { labId, address, version, onClose } = props;
  const api = useMemo(() => neighborsApi(labId), [labId]);
  const [entry, setEntry] = useState<NeighborEntry | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<RouteFields>(EMPTY_ROUTE_FIELDS);
  const panel = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const prefixInput = useRef<HTMLInputElement>(null);

  const refresh = useCallback(async () => {
    const got = await api.list();
    if (!got.ok) {
      setError(got.error);
      return;
    }
    const found = got.value.find((n) => n.address === address) ?? null;
    setEntry(found);
    if (found === null) setError(`The lab has no neighbor ${address} any more`);
  }, [api, address]);

  // Read it on open, whenever the topology changed (a session came up or went down), and every few seconds.
  useEffect(() => {
    void refresh();
  }, [refresh, version]);
  useEffect(() => {
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  useEffect(() => {
    heading.current?.focus();
  }, [address]);

  /** Run a write; on success say `done` and read the neighbor again, else show the server's error. */
  const run = async (what: () => Promise<ApiResult<unknown>>, done: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      const result = await what();
      if (!result.ok) {
        setError(result.error);
        return false;
      }
      setStatus(done);
      await refresh();
      // The button pressed may be gone with its route: keep the keyboard in the panel.
      requestAnimationFrame(() => {
        if (panel.current !== null && !panel.current.contains(document.activeElement)) heading.current?.focus();
      });
      return true;
    } finally {
      setBusy(false);
    }
  };

  const announce = (ev: SubmitEvent) => {
    ev.preventDefault();
    const parsed = routeFromFields(fields);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    const again = entry?.routes.some((r) => r.prefix === parsed.route.prefix) === true;
    void run(() => api.announce(address, parsed.route), `${again ? 'Announced again' : 'Announced'} ${parsed.route.prefix}`).then((ok) => {
      if (ok) setFields(EMPTY_ROUTE_FIELDS);
    });
  };
  const withdraw = (route: NeighborRoute) => void run(() => api.withdraw(address, route.prefix), `Withdrew ${route.prefix}`);
  const flap = (route: NeighborRoute) =>
    void run(async () => {
      const gone = await api.withdraw(address, route.prefix);
      return gone.ok ? api.announce(address, route) : gone;
    }, `Flapped ${route.prefix} (withdrawn, then announced again)`);
  const edit = (route: NeighborRoute) => {
    setFields(fieldsFromRoute(route));
    prefixInput.current?.focus();
  };
  const setUp = (up: boolean) => void run(() => api.setUp(address, up), up ? `${address} may come up again` : `${address} brought down`);

  const field = (name: keyof RouteFields, label: string, placeholder: string, ref?: typeof prefixInput) => (
    <label className="neighbor-field">
      <span>{label}</span>
      <input
        ref={ref}
        name={name}
        value={fields[name]}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setFields({ ...fields, [name]: e.target.value })}
      />
    </label>
  );

  return (
    <aside
      ref={panel}
      className="neighbor-panel"
      role="dialog"
      aria-labelledby="neighbor-panel-title"
      data-neighbor={address}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="neighbor-panel-header">
        <h3 id="neighbor-panel-title" ref={heading} tabIndex={-1}>
          Neighbor {address}
          {entry !== null && <span className="neighbor-as"> AS {entry.asn}</span>}
        </h3>
        <button type="button" className="neighbor-close" aria-label="Close the neighbor's routes" title="Close (Esc)" onClick={onClose}>
          ×
        </button>
      </header>
      {entry !== null && (
        <p className="neighbor-state" data-up={entry.up} data-state={entry.state}>
          <span>
            BGP {entry.state}
            {entry.up ? '' : ' · brought down'}
          </span>
          <button type="button" disabled={busy} onClick={() => setUp(!entry.up)}>
            {entry.up ? 'Bring down' : 'Bring up'}
          </button>
        </p>
      )}
      <div className="neighbor-messages">
        {error !== null && (
          <p className="neighbor-error" role="alert">
            {error}
          </p>
        )}
        <p className="neighbor-status" role="status">
          {status}
        </p>
      </div>
      {entry !== null && (
        <>
          <h4>
            Announces {entry.routes.length} route{entry.routes.length === 1 ? '' : 's'}
            {entry.bulkRoutes > 0 && ` and ${entry.bulkRoutes} generated ones`}
          </h4>
          {entry.routes.length > 0 && (
            <ul className="neighbor-routes">
              {entry.routes.map((r) => (
                <li key={r.prefix} data-prefix={r.prefix}>
                  <span className="neighbor-route-prefix">{r.prefix}</span>
                  <span className="neighbor-route-attributes">{routeAttributes(r)}</span>
                  <span className="neighbor-route-actions">
                    <button type="button" disabled={busy} onClick={() => edit(r)} aria-label={`Change the attributes of ${r.prefix}`}>
                      Change
                    </button>
                    <button type="button" disabled={busy} onClick={() => flap(r)} aria-label={`Flap ${r.prefix}`}>
                      Flap
                    </button>
                    <button type="button" disabled={busy} onClick={() => withdraw(r)} aria-label={`Withdraw ${r.prefix}`}>
                      Withdraw
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <form className="neighbor-form" onSubmit={announce} aria-label="Announce a route">
        {field('prefix', 'Prefix', '203.0.113.0/24', prefixInput)}
        {field('asPath', 'AS path', '64510 64511')}
        {field('med', 'MED', '10')}
        {field('communities', 'Communities', '200:1 200:2')}
        <button type="submit" disabled={busy}>
          Announce
        </button>
      </form>
    </aside>
  );
}
