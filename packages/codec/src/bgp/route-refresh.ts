import type { ByteReader } from '../bytes/reader.js';
import type { ByteWriter } from '../bytes/writer.js';
import { ok, type Result } from '../errors.js';

/** RFC 2918 §3 ROUTE-REFRESH message (subtype from RFC 7313 §3.2, 0 = normal request). */
export interface RouteRefreshMessage {
  type: 'route-refresh';
  afi: number;
  subtype: number;
  safi: number;
}

export function readRouteRefresh(r: ByteReader): Result<RouteRefreshMessage> {
  const afi = r.u16('ROUTE-REFRESH.afi');
  if (afi < 0) return r.failure();
  r.spans?.field('AFI', r.offset, afi);
  const subtype = r.u8('ROUTE-REFRESH.subtype');
  if (subtype < 0) return r.failure();
  r.spans?.field('subtype', r.offset, subtype);
  const safi = r.u8('ROUTE-REFRESH.safi');
  if (safi < 0) return r.failure();
  r.spans?.field('SAFI', r.offset, safi);
  return ok({ type: 'route-refresh', afi, subtype, safi });
}

export function writeRouteRefresh(w: ByteWriter, m: RouteRefreshMessage): void {
  w.u16(m.afi, 'ROUTE-REFRESH.afi').u8(m.subtype, 'ROUTE-REFRESH.subtype').u8(m.safi, 'ROUTE-REFRESH.safi');
}
