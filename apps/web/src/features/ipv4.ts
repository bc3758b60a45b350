/**
 * Dotted-quad IPv4 text as its unsigned 32-bit number, or null. The web's one
 * copy of this parse: the dependency rule keeps the codec out of the browser
 * bundle (web -> protocol only). Each octet is 1-3 decimal digits, 0-255; a
 * leading zero is read as decimal, as the tables and forms always have.
 */
export function ipv4ToNumber(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const octet = Number(p);
    if (octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}
