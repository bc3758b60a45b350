import { BGP_HEADER_LENGTH, BGP_MAX_MESSAGE_LENGTH } from '@bmp-lab/codec';

/**
 * Cut a BGP byte stream into whole messages (RFC 4271 §4.1: 16-octet marker
 * of all ones, 2-octet length 19..4096). A bad marker or length is a
 * "Message Header Error" (§6.1): the session must be closed, so the framer
 * reports it once and then stops.
 */
export class BgpFramer {
  private buffer = new Uint8Array(0);
  private broken = false;

  push(chunk: Uint8Array): { messages: Uint8Array[]; error: { subcode: 1 | 2; detail: string } | null } {
    const messages: Uint8Array[] = [];
    if (this.broken) return { messages, error: null };
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    let at = 0;
    while (joined.length - at >= BGP_HEADER_LENGTH) {
      for (let i = 0; i < 16; i++) {
        if (joined[at + i] !== 0xff) return this.fail(messages, 1, 'connection not synchronized (marker is not all ones)');
      }
      const length = (joined[at + 16]! << 8) | joined[at + 17]!;
      if (length < BGP_HEADER_LENGTH || length > BGP_MAX_MESSAGE_LENGTH) {
        return this.fail(messages, 2, `bad message length ${length}`);
      }
      if (joined.length - at < length) break;
      messages.push(joined.slice(at, at + length));
      at += length;
    }
    this.buffer = joined.slice(at);
    return { messages, error: null };
  }

  private fail(messages: Uint8Array[], subcode: 1 | 2, detail: string) {
    this.broken = true;
    this.buffer = new Uint8Array(0);
    return { messages, error: { subcode, detail } };
  }
}
