import { z } from 'zod';
import { BMP_MESSAGE_TYPES } from './bmp-message-type.js';

/**
 * Shapes of what crosses the WebSocket. The zod schemas are the single source
 * of truth: the TypeScript types are inferred from them, and both ends
 * validate what they receive with them (a trust boundary on each side).
 */

export const bmpMessageTypeSchema = z.enum(BMP_MESSAGE_TYPES);

const countsSchema = z.object(
  Object.fromEntries(BMP_MESSAGE_TYPES.map((t) => [t, z.number().int().nonnegative()])) as Record<
    (typeof BMP_MESSAGE_TYPES)[number],
    z.ZodNumber
  >,
);

/** One BMP session as the router sees it (what `display bmp session` shows, and more). */
export const bmpSessionViewSchema = z.object({
  /** Stable key: VPN instance (or `_public_`), address and alias. */
  key: z.string(),
  address: z.string(),
  alias: z.string().nullable(),
  vpnInstance: z.string().nullable(),
  /** TCP port of the monitoring station; null until `tcp connect port` is committed. */
  port: z.number().int().min(1).max(65535).nullable(),
  /** As VRP shows it in `display bgp bmp-monitor` (lower case). */
  state: z.enum(['up', 'down']),
  /** Why the session is down, in VRP's words (e.g. `Manual Stop`), or null. */
  downReason: z.string().nullable(),
  /** Epoch ms of the last state change (the display's Age counts from it). */
  since: z.number(),
  localAddress: z.string().nullable(),
  localPort: z.number().int().nullable(),
  /** Messages the router wrote to this session's socket, by type. */
  sent: countsSchema,
  bytesSent: z.number().int().nonnegative(),
  /** Times the TCP connection came up. */
  connects: z.number().int().nonnegative(),
});

/** One BMP message as the embedded monitoring station received and decoded it. */
export const stationMessageViewSchema = z.object({
  seq: z.number().int().nonnegative(),
  receivedAt: z.number(),
  /** The station endpoint as the lab names it, e.g. `10.1.1.1:1790`. */
  station: z.string(),
  /** The reporting router's TCP endpoint as the station saw it. */
  router: z.string(),
  type: bmpMessageTypeSchema,
  length: z.number().int().nonnegative(),
  summary: z.string(),
});

export const stationErrorViewSchema = z.object({
  receivedAt: z.number(),
  station: z.string(),
  router: z.string(),
  code: z.string(),
  message: z.string(),
});

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), protocol: z.number().int() }),
  /** Raw keystrokes, as the terminal produced them. */
  z.object({ type: z.literal('console.input'), data: z.string().max(65536) }),
  z.object({
    type: z.literal('console.resize'),
    cols: z.number().int().min(1).max(1000),
    rows: z.number().int().min(1).max(1000),
  }),
]);

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    protocol: z.number().int(),
    labId: z.string(),
    router: z.string(),
  }),
  /** Bytes for the terminal, VT100 as a router's vty would write them. */
  z.object({ type: z.literal('console.output'), data: z.string() }),
  /** The full session table; sent on connect. */
  z.object({ type: z.literal('sessions.snapshot'), sessions: z.array(bmpSessionViewSchema) }),
  z.object({ type: z.literal('session.updated'), session: bmpSessionViewSchema }),
  z.object({ type: z.literal('session.removed'), key: z.string() }),
  /** The station's recent messages; sent on connect. */
  z.object({ type: z.literal('station.snapshot'), messages: z.array(stationMessageViewSchema) }),
  z.object({ type: z.literal('station.message'), message: stationMessageViewSchema }),
  z.object({ type: z.literal('station.error'), error: stationErrorViewSchema }),
  /** The server could not act on a client message; nothing else changed. */
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);

export type BmpSessionView = z.infer<typeof bmpSessionViewSchema>;
export type StationMessageView = z.infer<typeof stationMessageViewSchema>;
export type StationErrorView = z.infer<typeof stationErrorViewSchema>;
export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;
