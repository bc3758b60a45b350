import { BMP_MESSAGE_TYPE_NAMES } from '@bmp-lab/codec';
import type { BmpMessage, BmpMessageTypeName, PerPeerHeader, PrefixList } from '@bmp-lab/codec';
import { formatEndpoint, formatStation, type Endpoint, type StationAddress } from '../endpoint.js';
import { StationRib } from '../rib/station-rib.js';
import type { TableMemory } from '../rib/table-memory.js';
import type { RouterCard } from '../station-updates.js';
import { ConnectionCapture, type CaptureBudget } from './pcap.js';

/** Where a station connection runs: the station endpoint that accepted it, and both real TCP ends. */
export interface ConnectionOrigin {
  /** The station as the lab names it. */
  station: StationAddress;
  /** The router's end, as the station's socket sees it. */
  router: Endpoint;
  /** The station's own end of the socket (the real listening address and port). */
  local: Endpoint;
}

/**
 * What the lab network knows of a connection a lab router's BMP session
 * opened: the session's key, and the router's end as the router itself
 * names it (its lab address with the socket's real port), or null when it
 * dialled a real address (a loopback collector) and so names its real end.
 */
export interface SessionLink {
  sessionKey: string;
  inLab: Endpoint | null;
}

/**
 * What the station knows of one router connection: its card (identity from
 * the Initiation, counts by type, peers up, the session that opened it), the
 * routes it reported per monitored peer and view, and its bytes for a pcap.
 * The station's side of the reconciliation against what the router says it sent.
 */
let nextSerial = 1;

export class StationConnection {
  readonly card: RouterCard;
  /** Increasing in the order connections open (route listings resume by it). */
  readonly serial = nextSerial++;
  readonly capture: ConnectionCapture;
  /** The routes this connection reported; dropped when it closes (a closed connection holds none). */
  private rib: StationRib | null;
  /**
   * Peers up, in the order they came up: a set, so a Peer Up or Down costs
   * the same with 20,000 peers as with one; the card's list is made from it
   * when the card is read.
   */
  private readonly peersUp = new Set<string>();
  /** Why the station gave up on this connection (a bound exceeded, a timeout), or null. */
  rejected: string | null = null;

  constructor(
    readonly origin: ConnectionOrigin,
    at: number,
    pcapLimit?: number,
    captureBudget?: CaptureBudget,
    tableMemory?: TableMemory,
  ) {
    this.rib = new StationRib(tableMemory);
    const station = formatStation(origin.station);
    const router = formatEndpoint(origin.router);
    this.card = {
      id: connectionId(station, router),
      station,
      router,
      socket: router,
      sysName: null,
      sysDescr: null,
      connectedAt: at,
      closedAt: null,
      received: Object.fromEntries(BMP_MESSAGE_TYPE_NAMES.map((t) => [t, 0])) as Record<BmpMessageTypeName, number>,
      bytes: 0,
      peersUp: [],
      routes: [],
      sessionKey: null,
    };
    // The pcap shows the station at its lab address when that is one Wireshark users recognise (10/8, 127/8).
    const { vpnInstance, address, port } = origin.station;
    const server = { address: vpnInstance === null && (address.startsWith('10.') || address.startsWith('127.')) ? address : '127.0.0.1', port };
    this.capture = new ConnectionCapture(origin.router, server, pcapLimit, captureBudget);
  }

  /**
   * The lab router's session opened this connection: the card names the
   * session and the router by its lab end (the station is inside the lab, so
   * that is what it would see); the real socket stays in `socket` and the id.
   * The pcap is written from its stream when downloaded, so it shows the lab
   * end too. Whether the card changed.
   */
  link(link: SessionLink): boolean {
    const card = this.card;
    const router = link.inLab === null ? card.socket : formatEndpoint(link.inLab);
    if (card.sessionKey === link.sessionKey && card.router === router) return false;
    card.sessionKey = link.sessionKey;
    card.router = router;
    this.capture.stream.client = link.inLab ?? this.origin.router;
    return true;
  }

  get id(): string {
    return this.card.id;
  }

  get open(): boolean {
    return this.card.closedAt === null;
  }

  /** The route table while the connection is open. */
  get table(): StationRib | null {
    return this.rib;
  }

  /** A decoded message: counts, identity, peers, routes, capture. */
  message(at: number, message: BmpMessage<PrefixList>, bytes: Uint8Array): void {
    const card = this.card;
    card.received[message.type]++;
    card.bytes += bytes.length;
    switch (message.type) {
      case 'initiation':
        for (const t of message.tlvs) {
          if (t.type === 'sysName') card.sysName = t.value;
          if (t.type === 'sysDescr') card.sysDescr = t.value;
        }
        break;
      case 'peer-up':
        this.peersUp.add(peerName(message.peer));
        this.rib?.apply(message, bytes);
        break;
      case 'peer-down':
        this.peersUp.delete(peerName(message.peer));
        this.rib?.apply(message, bytes);
        break;
      case 'route-monitoring':
        this.rib?.apply(message, bytes);
        break;
      default:
        break;
    }
    this.capture.add(at, bytes);
  }

  /** RFC 7606 treat-as-withdraw: a malformed Route Monitoring withdraws the prefixes it carried. */
  withdrawUpdate(peer: PerPeerHeader, bytes: Uint8Array): void {
    this.rib?.withdrawUpdate(peer, bytes);
  }

  /** Prefixes the connection holds now (none once closed or rejected). */
  get prefixes(): number {
    return this.rib?.prefixes ?? 0;
  }

  /** The station gave up on this connection: it forgets its routes at once, before the socket is gone. */
  reject(reason: string): void {
    this.rejected = reason;
    this.rib = null;
    this.card.routes = [];
  }

  closed(at: number): void {
    this.card.closedAt = at;
    // BMP holds routes only while the session lives (RFC 7854 §3.3: a new session starts with a full dump).
    this.rib = null;
    this.card.routes = [];
    this.capture.close(at);
  }

  /** The card with its peers and route counts read now: read when sent, not on every message. */
  current(): RouterCard {
    if (this.rib) this.card.routes = this.rib.summaries();
    this.card.peersUp = [...this.peersUp];
    return this.card;
  }
}

/** A connection's id: station name and router endpoint, as the protocol and the pcap download name it. */
export function connectionId(station: string, router: string): string {
  return `${station}<-${router}`;
}

function peerName(peer: PerPeerHeader): string {
  return peer.peerType === 3 ? 'Loc-RIB' : peer.address;
}
