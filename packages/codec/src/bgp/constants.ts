/**
 * BGP-4 wire constants, named as in RFC 4271 and the IANA "BGP Parameters"
 * registries.
 */

/** RFC 4271 §4.1: the 16-octet all-ones marker, 2-octet length, 1-octet type. */
export const BGP_HEADER_LENGTH = 19;
/** RFC 4271 §4.1: maximum message size without the Extended Message capability (RFC 8654). */
export const BGP_MAX_MESSAGE_LENGTH = 4096;
/** RFC 8654 §4: maximum message size with the Extended Message capability. */
export const BGP_EXTENDED_MAX_MESSAGE_LENGTH = 65535;

/** RFC 4271 §4.1 and RFC 2918 §3 (IANA "BGP Message Types"). */
export const BGP_MESSAGE_TYPE = {
  OPEN: 1,
  UPDATE: 2,
  NOTIFICATION: 3,
  KEEPALIVE: 4,
  ROUTE_REFRESH: 5,
} as const;

/** IANA "Address Family Numbers". */
export const AFI = { IPV4: 1, IPV6: 2 } as const;
/** IANA "SAFI Values" (RFC 4760 §6; 128 "MPLS-labeled VPN address", RFC 4364 §4.3.4 and RFC 4659 §3.2). */
export const SAFI = { UNICAST: 1, MULTICAST: 2, MPLS_VPN: 128 } as const;

/** RFC 6793 §9: the 2-octet placeholder ASN for a 4-octet ASN. */
export const AS_TRANS = 23456;

/** Options for decoding and encoding the parts of BGP whose layout depends on the session. */
export interface BgpCodecOptions {
  /**
   * AS_PATH and AGGREGATOR carry 4-octet ASNs (RFC 6793 §4.1: both speakers
   * announced the 4-octet AS capability). Default `true`. BMP's per-peer A
   * flag (RFC 7854 §4.2) clear means 4-octet; set means 2-octet.
   */
  fourOctetAs?: boolean;
}
