/**
 * Two peer addresses are the same peer: IPv6 is compared without regard to
 * case, since the router prints it in upper case (`2001:DB8:2::2`) and the
 * station decodes it in lower case (both compressed alike, RFC 5952).
 */
export function samePeer(a: string | null, b: string): boolean {
  return a !== null && (a === b || (a.includes(':') && a.toLowerCase() === b.toLowerCase()));
}
