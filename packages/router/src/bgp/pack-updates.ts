import type { PathAttribute, UpdateMessage } from '@bmp-lab/codec';
import { attributesKey } from './route.js';

/**
 * Most prefixes in one UPDATE. A /32 takes 5 octets of NLRI, so 600 of them
 * plus attributes stay far below the 4096-octet BGP maximum (RFC 4271 §4).
 */
export const MAX_PREFIXES_PER_UPDATE = 600;

/**
 * Pack announcements that share attributes into as few UPDATEs as possible,
 * and withdrawals into their own (DESIGN §5: "Pack prefixes that share
 * attributes into one UPDATE").
 */
export function packUpdates(announced: readonly { prefix: string; attributes: PathAttribute[] }[], withdrawn: readonly string[]): UpdateMessage[] {
  const updates: UpdateMessage[] = [];
  for (let i = 0; i < withdrawn.length; i += MAX_PREFIXES_PER_UPDATE) {
    updates.push({ type: 'update', withdrawnRoutes: withdrawn.slice(i, i + MAX_PREFIXES_PER_UPDATE), pathAttributes: [], nlri: [] });
  }
  const groups = new Map<string, { attributes: PathAttribute[]; prefixes: string[] }>();
  for (const r of announced) {
    const key = attributesKey(r.attributes);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { attributes: r.attributes, prefixes: [] }));
    g.prefixes.push(r.prefix);
  }
  for (const g of groups.values()) {
    for (let i = 0; i < g.prefixes.length; i += MAX_PREFIXES_PER_UPDATE) {
      updates.push({ type: 'update', withdrawnRoutes: [], pathAttributes: g.attributes, nlri: g.prefixes.slice(i, i + MAX_PREFIXES_PER_UPDATE) });
    }
  }
  return updates;
}
