import type { Command } from './command-context.js';
import { idleTimeout, userInterfaceVty } from './user-interface.js';
import { displayUsers } from './display-users.js';
import { systemView } from './system-view.js';
import { bmp, bmpConnectInterface, statisticsTimer } from './bmp.js';
import { bmpSession } from './bmp-session.js';
import { tcpConnectPort } from './tcp-connect-port.js';
import { sessionConnectInterface } from './session-connect-interface.js';
import { monitor, routeMode } from './monitor.js';
import { bmpSessionIpv4Family, tracePrefix, tracePrefixVpn } from './trace-prefix.js';
import { clearConfigurationCandidate, commit } from './commit.js';
import { quit } from './quit.js';
import { returnCommand } from './return.js';
import { ipVpnInstance, routeDistinguisher, vpnIpv4Family, vpnTarget } from './ip-vpn-instance.js';
import { ipv4FamilyVpnInstance, vpnKeepAllRoutes, vpnPeerAsNumber, vpnPeerKeepAllRoutes } from './bgp-vpn-instance.js';
import { displayBgpVpnInstancePeer, displayBgpVpnInstanceRoutingTable, displayIpVpnInstance } from './display-vpn-instance.js';
import { displayBgpVpnv4RoutingTable } from './display-bgp-vpnv4.js';
import { sysname } from './sysname.js';
import { screenLength } from './screen-length.js';
import { save } from './save.js';
import { displayBmpSession, displayDefaultParameterBmp, resetBmpSession } from './display-bmp-session.js';
import { displayConfigurationCandidate, displayCurrentConfiguration, displayThis, displayVersion } from './display-configuration.js';
import {
  bgp,
  importRoute,
  importRouteIpv6,
  ipv4FamilyUnicast,
  ipv6FamilyUnicast,
  keepAllRoutes,
  network,
  networkIpv6,
  peerAsNumber,
  peerConnectInterface,
  peerEnable,
  peerKeepAllRoutes,
  routerId,
  vpnFamily,
} from './bgp.js';
import { peerNextHopLocal, peerReflectClient, reflectorClusterId } from './bgp-reflection.js';

import { displayBgpBmpMonitor } from './display-bgp-bmp-monitor.js';
import { debuggingBmp, displayDebuggingBmp } from './debugging-bmp.js';
import {
  displayBgpIpv6Peer,
  displayBgpIpv6RoutingTable,
  displayBgpIpv6RoutingTablePeer,
  displayBgpIpv6RoutingTablePrefix,
  displayBgpPeer,
  displayBgpRoutingTable,
  displayBgpRoutingTablePeer,
  displayBgpRoutingTablePrefix,
} from './display-bgp.js';
import { filterPolicy, filterPolicyIpv6, peerIpPrefix, peerIpv6Prefix, peerRoutePolicy, refreshBgp, refreshBgpIpv6 } from './bgp-policy.js';
import {
  displayIpAsPathFilter,
  displayIpCommunityFilter,
  displayIpIpPrefix,
  displayIpIpv6Prefix,
  ipAsPathFilter,
  ipCommunityFilter,
  ipIpPrefix,
  ipIpv6Prefix,
} from './policy-filters.js';
import {
  applyAsPath,
  applyCommunity,
  applyCost,
  applyLocalPreference,
  applyOrigin,
  displayRoutePolicy,
  ifMatchAsPathFilter,
  ifMatchCommunityFilter,
  ifMatchIpPrefix,
  ifMatchIpv6AddressPrefixList,
  routePolicy,
} from './route-policy.js';
/** Every command the emulated device knows (`?` sorts; this order is the generated table's). */
export const COMMANDS: readonly Command[] = [
  // user view
  systemView,
  screenLength,
  save,
  resetBmpSession,
  debuggingBmp,
  refreshBgp,
  refreshBgpIpv6,
  // navigation and two-stage commit
  quit,
  returnCommand,
  commit,
  clearConfigurationCandidate,
  // system view
  sysname,
  ipVpnInstance,
  vpnIpv4Family,
  routeDistinguisher,
  vpnTarget,
  // BGP
  bgp,
  routerId,
  peerAsNumber,
  peerConnectInterface,
  keepAllRoutes,
  peerKeepAllRoutes,
  peerReflectClient,
  peerNextHopLocal,
  reflectorClusterId,
  ipv4FamilyUnicast,
  ipv6FamilyUnicast,
  vpnFamily,
  peerEnable,
  network,
  networkIpv6,
  importRoute,
  importRouteIpv6,
  peerRoutePolicy,
  peerIpPrefix,
  peerIpv6Prefix,
  filterPolicy,
  filterPolicyIpv6,
  ipv4FamilyVpnInstance,
  vpnPeerAsNumber,
  vpnKeepAllRoutes,
  vpnPeerKeepAllRoutes,
  // routing policy
  ipIpPrefix,
  ipIpv6Prefix,
  ipAsPathFilter,
  ipCommunityFilter,
  routePolicy,
  ifMatchIpPrefix,
  ifMatchIpv6AddressPrefixList,
  ifMatchAsPathFilter,
  ifMatchCommunityFilter,
  applyAsPath,
  applyCommunity,
  applyCost,
  applyLocalPreference,
  applyOrigin,
  // BMP
  bmp,
  statisticsTimer,
  bmpConnectInterface,
  bmpSession,
  tcpConnectPort,
  sessionConnectInterface,
  monitor,
  routeMode,
  bmpSessionIpv4Family,
  tracePrefix,
  tracePrefixVpn,
  // display
  displayBmpSession,
  displayDefaultParameterBmp,
  displayCurrentConfiguration,
  displayConfigurationCandidate,
  displayThis,
  displayVersion,
  displayBgpPeer,
  displayBgpRoutingTable,
  displayBgpRoutingTablePrefix,
  displayBgpRoutingTablePeer,
  displayBgpIpv6Peer,
  displayBgpIpv6RoutingTable,
  displayBgpIpv6RoutingTablePrefix,
  displayBgpIpv6RoutingTablePeer,
  displayBgpBmpMonitor,
  displayDebuggingBmp,
  displayBgpVpnInstancePeer,
  displayBgpVpnInstanceRoutingTable,
  displayBgpVpnv4RoutingTable,
  displayIpVpnInstance,
  displayIpIpPrefix,
  displayIpIpv6Prefix,
  displayIpAsPathFilter,
  displayIpCommunityFilter,
  displayRoutePolicy,
  // user interfaces (VTYs)
  userInterfaceVty,
  idleTimeout,
  displayUsers,
];
