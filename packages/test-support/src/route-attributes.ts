import type { PathAttribute } from '@bmp-lab/codec';

/** The least an IPv4 UPDATE announcing routes carries (RFC 4271 §5.1): ORIGIN IGP, an empty AS_PATH (iBGP), NEXT_HOP. */
export function basicIpv4Attributes(nextHop: string): PathAttribute[] {
  return [
    { type: 'origin', value: 'igp' },
    { type: 'asPath', segments: [] },
    { type: 'nextHop', value: nextHop },
  ];
}
