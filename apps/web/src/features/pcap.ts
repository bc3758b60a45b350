import { labIdFromPath } from '../connection/ws-url.js';
/** The server's pcap export of one station connection (the captured BMP stream). */
export function pcapUrl(connectionId: string, pathname: string = globalThis.location?.pathname ?? '/'): string {
  const lab = labIdFromPath(pathname);
  const base = lab ? `/api/labs/${encodeURIComponent(lab)}/pcap` : '/api/pcap';
  return `${base}?connection=${encodeURIComponent(connectionId)}`;
}

/** A file name for the download: `bmp-10.1.1.1_1790-127.0.0.1_50000.pcap`. */
export function pcapFileName(connectionId: string): string {
  return `bmp-${connectionId.replace(/[^A-Za-z0-9.-]+/g, '_').replace(/^_+|_+$/g, '')}.pcap`;
}
