import type { NeighborRoute } from './route-form.js';

/** One lab neighbor as `GET /api/labs/<id>/neighbors` lists it. */
export interface NeighborEntry {
  address: string;
  asn: number;
  /** Accepting sessions (not brought down). */
  up: boolean;
  /** Its BGP FSM state, e.g. `Established`. */
  state: string;
  /** What it announces now (a topology's bulk routes are only counted). */
  routes: NeighborRoute[];
  bulkRoutes: number;
}

/** What a request got: the value, or the server's error text (`{ "error" }`) or what went wrong on the way. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: string };

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

function neighborUrl(labId: string, address: string): string {
  return `/api/labs/${encodeURIComponent(labId)}/neighbors/${encodeURIComponent(address)}`;
}

/** The server's `{ "error" }` text, or the status when the body has none. */
async function failure(res: Response): Promise<{ ok: false; error: string }> {
  let text: string | null = null;
  try {
    const body = (await res.json()) as unknown;
    if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string') text = (body as { error: string }).error;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  return { ok: false, error: text ?? `The server answered ${res.status} ${res.statusText}`.trim() };
}

async function request<T>(fetchFn: Fetch, url: string, init: RequestInit, read: (res: Response) => Promise<T>): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetchFn(url, init);
  } catch (err) {
    return { ok: false, error: `The server could not be reached: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!res.ok) return failure(res);
  try {
    return { ok: true, value: await read(res) };
  } catch {
    return { ok: false, error: 'The server sent an answer this page cannot read' };
  }
}

// Writes carry a JSON body with its content type, or no body and no content type (API.md, "Security").
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** The neighbors REST API of one lab (same origin). */
export function neighborsApi(labId: string, fetchFn: Fetch = (url, init) => fetch(url, init)) {
  return {
    list(signal?: AbortSignal): Promise<ApiResult<NeighborEntry[]>> {
      return request(fetchFn, `/api/labs/${encodeURIComponent(labId)}/neighbors`, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) }, async (res) => {
        const body = (await res.json()) as { neighbors?: unknown };
        if (!Array.isArray(body.neighbors)) throw new Error('no neighbors');
        return body.neighbors as NeighborEntry[];
      });
    },
    /** Announce a route, or announce it again with new attributes. */
    announce(address: string, route: NeighborRoute): Promise<ApiResult<{ announced: number; routes: number }>> {
      return request(fetchFn, `${neighborUrl(labId, address)}/routes`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(route) }, (res) => res.json());
    },
    withdraw(address: string, prefix: string): Promise<ApiResult<null>> {
      return request(fetchFn, `${neighborUrl(labId, address)}/routes/${encodeURIComponent(prefix)}`, { method: 'DELETE' }, () => Promise.resolve(null));
    },
    /** Let the neighbor's session come up (true) or bring it down with a Cease (false). */
    setUp(address: string, up: boolean): Promise<ApiResult<NeighborEntry>> {
      return request(fetchFn, `${neighborUrl(labId, address)}/state`, { method: 'PUT', headers: JSON_HEADERS, body: JSON.stringify({ up }) }, (res) => res.json());
    },
  };
}

export type NeighborsApi = ReturnType<typeof neighborsApi>;
