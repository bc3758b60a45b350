import type { Exercise } from '../types.js';
import { seedSession } from './01-seed-session.js';
import { monitorPeers } from './02-monitor-peers.js';
import { prePostPolicy } from './03-pre-post-policy.js';
import { locRib } from './04-loc-rib.js';
import { twoStations } from './05-two-stations.js';
import { vpnInstance } from './06-vpn-instance.js';
import { statistics } from './07-statistics.js';
import { troubleshoot } from './08-troubleshoot.js';
import { termination } from './09-termination.js';
import { exportPolicy } from './10-export-policy.js';
import { localPreference } from './11-local-preference.js';
import { ipv6Monitoring } from './12-ipv6-monitoring.js';
import { twoRouters } from './13-two-routers.js';
import { routeReflector } from './14-route-reflector.js';
import { vpnPeerMonitoring } from './15-vpn-peer-monitoring.js';
import { routeTrace } from './16-route-trace.js';

/** The ladder, in order: the seed's task first. */
export const LADDER: readonly Exercise[] = [
  seedSession,
  monitorPeers,
  prePostPolicy,
  locRib,
  twoStations,
  vpnInstance,
  statistics,
  troubleshoot,
  termination,
  exportPolicy,
  localPreference,
  ipv6Monitoring,
  twoRouters,
  routeReflector,
  vpnPeerMonitoring,
  routeTrace,
];

export function findExercise(id: string): Exercise | undefined {
  return LADDER.find((e) => e.id === id);
}
