/**
 * Version of the WebSocket protocol between the lab server and its clients.
 * Bump it on any incompatible change to a message in `messages.ts`; the server
 * refuses a `hello` that names another version with a clear error.
 */
export const PROTOCOL_VERSION = 2 as const;

/** Path of the WebSocket endpoint on the lab server. */
export const WS_PATH = '/ws' as const;
