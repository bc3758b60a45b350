import type { ROUTE_VIEWS, RouterCard, StationErrorReport, StationMessageRecord, StationRoute } from '@bmp-lab/collector';
import type { STATION_ROUTE_VIEWS, StationErrorView, StationMessageView, StationRouteView, StationRouterView } from '@bmp-lab/protocol';

/**
 * The station (collector) declares the updates it emits, and the public
 * protocol the messages browsers receive; the server forwards the one as the
 * other. This fails to compile the moment the shapes differ.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const STATION_VIEWS_AGREE: [
  Same<RouterCard, StationRouterView>,
  Same<StationMessageRecord, StationMessageView>,
  Same<StationErrorReport, StationErrorView>,
  Same<StationRoute, StationRouteView>,
  Same<(typeof ROUTE_VIEWS)[number], (typeof STATION_ROUTE_VIEWS)[number]>,
] = [true, true, true, true, true];
