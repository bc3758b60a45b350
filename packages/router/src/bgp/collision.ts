import { ipv4ToNumber } from '@bmp-lab/codec';

/**
 * Connection collision resolution (RFC 4271 §6.8): of two connections
 * between the same pair of speakers, the one initiated by the speaker with
 * the higher BGP Identifier survives. Returns whether the connection this
 * speaker dialled (outgoing) is the one to keep. The identifiers compare as
 * unsigned 32-bit numbers; equal identifiers (a misconfiguration RFC 6286
 * forbids inside an AS) keep the incoming one, so both ends then close their
 * own dial and neither keeps a connection the other dropped.
 */
export function keepsOutgoing(localBgpId: string, peerBgpId: string): boolean {
  return (ipv4ToNumber(localBgpId) ?? 0) > (ipv4ToNumber(peerBgpId) ?? 0);
}
