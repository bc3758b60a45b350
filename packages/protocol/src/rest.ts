/**
 * Shapes of the REST API (apps/server/API.md) that clients rely on: the
 * server builds them, the Playwright kit reads them.
 */

/** What the server says about a lab (`POST /api/labs`, `GET /api/labs/<id>`). */
export interface LabSummary {
  id: string;
  url: string;
  createdAt: number;
  router: string;
  /** Every router of the lab (topology sysname and lab address), the first (`router`) first. Absent from older servers. */
  routers?: { sysname: string; address: string }[];
  stations: { name: string; host: string; port: number }[];
  neighbors: { address: string; asn: number; host: string; port: number }[];
  sessions: number;
  consoles: number;
  /** The trainee's name (POST /api/labs `name`, PUT /api/labs/<id>/name); null until set. */
  name?: string | null;
}
