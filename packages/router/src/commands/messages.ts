/**
 * Error texts of semantic checks (the line parsed, but the configuration
 * refuses it). ⚠ INFERRED unless noted: Huawei documents none of these for
 * the BMP and BGP commands (reference §6 item 4); the wording follows VRP's
 * `Error: …` style and is kept in this one place.
 */
export const MSG = {
  /** The only device text found for a missing VPN instance (reference §2.4, [S23]). */
  vpnMissing: 'Error: The VPN instance does not exist.',
  sessionMissing: 'Error: The BMP session does not exist.',
  configMissing: 'Error: The configuration does not exist.',
  monitorMissing: 'Error: The monitor configuration does not exist.',
  bgpAsDiffers: 'Error: The AS number is different from the AS number of the running BGP.',
  bgpMissing: 'Error: BGP is not configured.',
  peerMissing: 'Error: The peer does not exist.',
  rdExists: 'Error: The route distinguisher of the VPN instance cannot be changed. Delete it first.',
  rdMissing: 'Error: Configure the route distinguisher first.',
  badRegex: 'Error: The regular expression is invalid.',
} as const;
