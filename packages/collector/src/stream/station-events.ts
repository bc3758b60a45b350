import type { BmpMessage, DecodeError, PerPeerHeader, PrefixList } from '@bmp-lab/codec';

/** What framing and decoding make of one connection's bytes, in order. */
export type StationEvent =
  | { kind: 'connected'; at: number }
  | {
      kind: 'message';
      at: number;
      /** Unicast and multicast prefixes as runs over `bytes` (decoded with `prefixRuns`). */
      message: BmpMessage<PrefixList>;
      bytes: Uint8Array;
    }
  | {
      kind: 'error';
      at: number;
      error: DecodeError;
      /**
       * A Route Monitoring whose UPDATE RFC 7606 says to treat as a withdrawal
       * (a malformed ORIGIN, AS_PATH, NEXT_HOP, …): its peer and bytes, so the
       * station's table withdraws the prefixes it carried.
       */
      treatAsWithdraw?: { peer: PerPeerHeader; bytes: Uint8Array };
    }
  /** The station gives up on this connection (it is closed right after). */
  | { kind: 'rejected'; at: number; reason: string }
  | { kind: 'disconnected'; at: number };
