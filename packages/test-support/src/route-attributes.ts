import type { PathAttribute } from '@bmp-lab/codec';

/**
 * The least an IPv4 UPDATE announcing routes carries (RFC 4271 §5.1): ORIGIN
 * IGP, an AS_PATH (empty as from an iBGP peer, or the sequence `asPath`) and
 * NEXT_HOP.
 */
export function basicIpv4Attributes(nextHop: string, asPath: readonly number[] = []): PathAttribute[] {
  return [
    { type: 'origin', value: 'igp' },
    { type: 'asPath', segments: asPath.length === 0 ? [] : [{ type: 'sequence', asns: [...asPath] }] },
    { type: 'nextHop', value: nextHop },
  ];
}
