import type { RouterCard, StationErrorReport, StationMessageRecord } from '@bmp-lab/collector';
import type { StationErrorView, StationMessageView, StationRouterView } from '@bmp-lab/protocol';

/**
 * The station (collector) declares the updates it emits, and the public
 * protocol the messages browsers receive; the server forwards the one as the
 * other. This fails to compile the moment the shapes differ.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const STATION_VIEWS_AGREE: [Same<RouterCard, StationRouterView>, Same<StationMessageRecord, StationMessageView>, Same<StationErrorReport, StationErrorView>] = [
  true,
  true,
  true,
];
