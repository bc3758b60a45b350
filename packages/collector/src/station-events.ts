import type { BmpMessage, BmpMessageTypeName, DecodeError, PerPeerHeader } from '@bmp-lab/codec';

/** Where a BMP stream arrives and where it comes from. */
export interface StreamOrigin {
  /** The station endpoint as the lab names it, e.g. `10.1.1.1:1790`. */
  station: string;
  /** The router's TCP endpoint as the station saw it, e.g. `127.0.0.1:50123`. */
  router: string;
}

/** What the monitoring station reports, in order, per connection. */
export type StationEvent =
  | (StreamOrigin & { kind: 'connected'; at: number })
  | (StreamOrigin & {
      kind: 'message';
      at: number;
      type: BmpMessageTypeName;
      length: number;
      summary: string;
      message: BmpMessage;
      bytes: Uint8Array;
    })
  | (StreamOrigin & {
      kind: 'error';
      at: number;
      error: DecodeError;
      /**
       * A Route Monitoring whose UPDATE RFC 7606 says to treat as a withdrawal
       * (a malformed ORIGIN, AS_PATH, NEXT_HOP, …): its peer and bytes, so the
       * station's table withdraws the prefixes it carried.
       */
      treatAsWithdraw?: { peer: PerPeerHeader; bytes: Uint8Array };
    })
  /** The station gives up on this connection (it is closed right after). */
  | (StreamOrigin & { kind: 'rejected'; at: number; reason: string })
  | (StreamOrigin & { kind: 'disconnected'; at: number });
