import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBmpMessage, encodeBmpMessage, type BmpMessage, type OpenMessage, type PathAttribute } from '../src/index.js';
import { concat } from './helpers.js';
import { streamToPcap } from './pcap.js';
import { allBmpMessages } from './samples.js';

// Tier 1 oracle: Wireshark's BMP dissector (tshark 4.0) decodes a stream our
// encoder produced, covering every BMP message type, and its fields must match
// what we sent. Known Wireshark 4.0 limits shape the stream (see README):
//  - Peer Up information TLVs are handed to the BGP dissector -> Malformed, so
//    the Peer Ups here carry none;
//  - it auto-detects ADD-PATH from the Peer Up OPENs and from NLRI shapes, so
//    the OPENs here do not negotiate ADD-PATH and the IPv4 NLRI has no 0/0;
//  - Route Mirroring TLVs are not dissected: everything after the per-peer
//    header goes to the BGP dissector, which resynchronises on the first
//    marker but calls a second TLV header Malformed, so only one BGP PDU TLV,
//    placed last, is used here;
//  - only the first Termination TLV is dissected (reason goes first);
//  - Initiation strings are shown as ASCII.

const TSHARK = '/usr/bin/tshark';
const PORT = 11999;

function wiresharkFriendly(m: BmpMessage): BmpMessage {
  const noAddPath = (o: OpenMessage): OpenMessage => ({
    ...o,
    parameters: o.parameters.map((p) => (p.type === 'capabilities' ? { ...p, capabilities: p.capabilities.filter((c) => c.type !== 'addPath') } : p)),
  });
  if (m.type === 'peer-up') return { ...m, sentOpen: noAddPath(m.sentOpen), receivedOpen: noAddPath(m.receivedOpen), tlvs: [] };
  if (m.type === 'route-monitoring') return { ...m, update: { ...m.update, nlri: m.update.nlri.filter((p) => p !== '0.0.0.0/0') } };
  if (m.type === 'route-mirroring') {
    const firstBgp = m.tlvs.findIndex((t) => t.type === 'bgpMessage');
    const tlvs = m.tlvs.filter((t, i) => t.type !== 'bgpMessage' || i === firstBgp);
    return {
      ...m,
      tlvs: tlvs.map((t) =>
        t.type === 'bgpMessage' && t.message.type === 'update' ? { ...t, message: { ...t.message, nlri: t.message.nlri.filter((p) => p !== '0.0.0.0/0') } } : t,
      ),
    };
  }
  if (m.type === 'initiation') return { ...m, tlvs: m.tlvs.map((t) => (t.type === 'string' ? { ...t, value: 'free-form string' } : t)) };
  return m;
}

type Json = string | Json[] | { [k: string]: Json };

/** All values of `key` anywhere under `node`, flattened. */
function collect(node: Json | undefined, key: string, out: string[] = []): string[] {
  if (node === undefined || typeof node === 'string') return out;
  if (Array.isArray(node)) {
    for (const n of node) collect(n, key, out);
    return out;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === key) {
      if (typeof v === 'string') out.push(v);
      else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(x);
    }
    if (typeof v !== 'string') collect(v, key, out);
  }
  return out;
}

/** Prefix keys ("198.51.100.0/24") grouped by the field that holds them. */
function prefixesByParent(node: Json | undefined, parent = '', out: Record<string, string[]> = {}): Record<string, string[]> {
  if (node === undefined || typeof node === 'string') return out;
  if (Array.isArray(node)) {
    for (const n of node) prefixesByParent(n, parent, out);
    return out;
  }
  for (const [k, v] of Object.entries(node)) {
    if (/^[0-9a-f.:]+\/\d+$/.test(k)) (out[parent] ??= []).push(k);
    if (typeof v !== 'string') prefixesByParent(v, /^[0-9a-f.:]+\/\d+$/.test(k) ? parent : k, out);
  }
  return out;
}

function attr<T extends PathAttribute['type']>(attrs: PathAttribute[], type: T): Extract<PathAttribute, { type: T }> | undefined {
  return attrs.find((a) => a.type === type) as Extract<PathAttribute, { type: T }> | undefined;
}

function colonHex(hex: string): string {
  return hex.match(/../g)?.join(':') ?? '';
}

function expectMatches(m: BmpMessage, t: { [k: string]: Json }, bytes: Uint8Array, i: number): void {
  const at = `message #${i} (${m.type})`;
  expect(t['bmp.type'], at).toBe(String(bytes[5]));
  expect(t['bmp.length'], at).toBe(String(bytes.length));
  if ('peer' in m) {
    const h = t['bmp.peer.header'] as { [k: string]: Json };
    const p = m.peer;
    expect(h['bmp.peer.type'], at).toBe(String(p.peerType));
    expect(h['bmp.peer.flags'], at).toBe(`0x${(bytes[7] as number).toString(16).padStart(2, '0')}`);
    expect(h['bmp.peer.distinguisher'], at).toBe(colonHex(p.distinguisher));
    if (p.peerType !== 3) expect(h['bmp.peer.ip.addr'] ?? h['bmp.peer.ipv6.addr'], at).toBe(p.address);
    expect(h['bmp.peer.asn'], at).toBe(String(p.asn));
    expect(h['bmp.peer.id'], at).toBe(p.bgpId);
    expect(h['bmp.peer.timestamp.sec'], at).toBe(String(p.timestampSeconds));
    expect(h['bmp.peer.timestamp.msec'], at).toBe(String(p.timestampMicroseconds)); // Wireshark labels microseconds "msec"
  }
  switch (m.type) {
    case 'initiation':
      expect(collect(t, 'bmp.init.type'), at).toEqual(m.tlvs.map((x) => String(x.type === 'unknown' ? x.code : x.type === 'string' ? 0 : x.type === 'sysDescr' ? 1 : 2)));
      expect(collect(t, 'bmp.init.info'), at).toEqual(m.tlvs.map((x) => (x.type === 'unknown' ? '' : x.value)));
      break;
    case 'termination': {
      const first = m.tlvs[0];
      expect(first?.type, 'Wireshark 4.0 reads only the first TLV: put the reason first').toBe('reason');
      expect(collect(t, 'bmp.term.reason'), at).toEqual([String(first?.type === 'reason' ? first.reason : '')]);
      break;
    }
    case 'peer-up':
      expect(t['bmp.peer.up.ip.addr'] ?? t['bmp.peer.up.ipv6.addr'], at).toBe(m.localAddress);
      expect(t['bmp.peer.up.port.local'], at).toBe(String(m.localPort));
      expect(t['bmp.peer.up.port.remote'], at).toBe(String(m.remotePort));
      expect(collect(t, 'bgp.type'), at).toEqual(['1', '1']);
      expect(collect(t, 'bgp.open.myas'), at).toEqual([String(m.sentOpen.myAsn), String(m.receivedOpen.myAsn)]);
      expect(collect(t, 'bgp.open.identifier'), at).toEqual([m.sentOpen.bgpId, m.receivedOpen.bgpId]);
      expect(collect(t, 'bgp.cap.4as'), at).toEqual(
        [m.sentOpen, m.receivedOpen].flatMap((o) =>
          o.parameters.flatMap((p) => (p.type === 'capabilities' ? p.capabilities : [])).flatMap((c) => (c.type === 'fourOctetAs' ? [String(c.asn)] : [])),
        ),
      );
      break;
    case 'peer-down':
      expect(t['bmp.peer.down.reason'], at).toBe(String(m.reason.code));
      if (m.reason.kind === 'local-notification' || m.reason.kind === 'remote-notification') {
        expect(collect(t, 'bgp.notify.major_error'), at).toEqual([String(m.reason.notification.code)]);
      }
      break;
    case 'statistics-report': {
      expect(t['bmp.stats.count'], at).toBe(String(m.stats.length));
      expect(collect(t, 'bmp.stats.type'), at).toEqual(m.stats.map((s) => String(s.type)));
      const trees = (Array.isArray(t['bmp.stats.type_tree']) ? t['bmp.stats.type_tree'] : [t['bmp.stats.type_tree']]) as { [k: string]: Json }[];
      const values = trees.map((tr) => Object.entries(tr).find(([k]) => k.startsWith('bmp.stats.data.') && !k.endsWith('.afi') && !k.endsWith('.safi'))?.[1]);
      expect(values, at).toEqual(m.stats.map((s) => (s.kind === 'unknown' ? undefined : String(s.value))));
      break;
    }
    case 'route-monitoring': {
      const u = m.update;
      expect(collect(t, 'bgp.type'), at).toEqual(['2']);
      const byParent = prefixesByParent(t);
      const mpReach = attr(u.pathAttributes, 'mpReachNlri');
      const mpUnreach = attr(u.pathAttributes, 'mpUnreachNlri');
      expect(byParent['bgp.update.nlri'] ?? [], at).toEqual(u.nlri);
      expect(byParent['bgp.update.withdrawn_routes'] ?? [], at).toEqual(u.withdrawnRoutes);
      expect(byParent['bgp.update.path_attribute.mp_reach_nlri'] ?? [], at).toEqual(mpReach?.nlri ?? []);
      expect(byParent['bgp.update.path_attribute.mp_unreach_nlri'] ?? [], at).toEqual(mpUnreach?.withdrawnRoutes ?? []);
      const asPath = attr(u.pathAttributes, 'asPath')?.segments.flatMap((s) => s.asns.map(String)) ?? [];
      const as4Path = attr(u.pathAttributes, 'as4Path')?.segments.flatMap((s) => s.asns.map(String)) ?? [];
      const legacy = m.peer.peerType !== 3 && m.peer.flags.legacyAsPath;
      expect(collect(t, 'bgp.update.path_attribute.as_path_segment.as4'), at).toEqual(legacy ? as4Path : [...asPath, ...as4Path]);
      expect(collect(t, 'bgp.update.path_attribute.as_path_segment.as2'), at).toEqual(legacy ? asPath : []);
      expect(collect(t, 'bgp.update.path_attribute.next_hop'), at).toEqual([attr(u.pathAttributes, 'nextHop')?.value].filter((x) => x !== undefined));
      expect(collect(t, 'bgp.update.path_attribute.origin'), at).toEqual(
        u.pathAttributes.filter((a) => a.type === 'origin').map((a) => String(['igp', 'egp', 'incomplete'].indexOf(a.value))),
      );
      expect(collect(t, 'bgp.update.path_attribute.multi_exit_disc'), at).toEqual(u.pathAttributes.filter((a) => a.type === 'multiExitDisc').map((a) => String(a.value)));
      expect(collect(t, 'bgp.update.path_attribute.local_pref'), at).toEqual(u.pathAttributes.filter((a) => a.type === 'localPref').map((a) => String(a.value)));
      if (mpReach !== undefined) expect(collect(t, 'bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6'), at).toEqual(mpReach.nextHops.slice(0, 1));
      break;
    }
    case 'route-mirroring':
      break; // Wireshark 4.0 does not dissect Route Mirroring TLVs
  }
}

describe('tshark (Wireshark BMP dissector) decodes our encoder output', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'codec-tshark-'));
  });
  afterAll(() => {
    if (dir && !process.env['KEEP_TSHARK_PCAP']) rmSync(dir, { recursive: true, force: true });
    else if (dir) console.log('pcap kept in', dir);
  });

  it('every message type, split across TCP segments of varied sizes', () => {
    if (!existsSync(TSHARK)) {
      throw new Error(
        `tshark is not installed at ${TSHARK}: run \`DEBIAN_FRONTEND=noninteractive apt-get install -y tshark\` (CI installs it). This oracle test must not be skipped.`,
      );
    }
    const messages = allBmpMessages.map(wiresharkFriendly);
    const encoded = messages.map((m) => encodeBmpMessage(m));
    // Sanity: the stream is what our own decoder reads back.
    for (const [i, e] of encoded.entries()) expect(decodeBmpMessage(e), `own decode #${i}`).toEqual({ ok: true, value: messages[i] });
    const sizes = [7, 300, 1400, 64, 1, 999];
    const pcap = join(dir, 'stream.pcap');
    writeFileSync(
      pcap,
      streamToPcap(concat(...encoded), PORT, (i) => sizes[i % sizes.length] as number),
    );

    const run = (args: string[]) =>
      execFileSync(TSHARK, ['-r', pcap, '-d', `tcp.port==${PORT},bmp`, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
    const problems = run(['-Y', '_ws.malformed || _ws.expert.severity >= "Warning"']);
    expect(problems, 'tshark reports malformed packets or expert warnings').toBe('');

    const frames = JSON.parse(run(['-Y', 'bmp', '-T', 'json', '--no-duplicate-keys', '-J', 'bmp'])) as { _source: { layers: { bmp?: Json } } }[];
    const records = frames.flatMap((f) => {
      const b = f._source.layers.bmp;
      return b === undefined ? [] : Array.isArray(b) ? b : [b];
    }) as { [k: string]: Json }[];
    expect(records.map((r) => r['bmp.type'])).toEqual(encoded.map((e) => String(e[5])));
    for (const [i, m] of messages.entries()) expectMatches(m, records[i] as { [k: string]: Json }, encoded[i] as Uint8Array, i);
    expect(new Set(records.map((r) => r['bmp.type']))).toEqual(new Set(['0', '1', '2', '3', '4', '5', '6']));
  });
});
