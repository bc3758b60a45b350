import { z } from 'zod';
import { BMP_MESSAGE_TYPES } from './bmp-message-type.js';
import { WS_ERROR_CODES } from './error-codes.js';

/**
 * Shapes of what crosses the WebSocket. The zod schemas are the single source
 * of truth: the TypeScript types are inferred from them, and both ends
 * validate what they receive with them (a trust boundary on each side).
 * docs/protocol.md describes the conversation.
 */

export const bmpMessageTypeSchema = z.enum(BMP_MESSAGE_TYPES);

const countsSchema = z.object(Object.fromEntries(BMP_MESSAGE_TYPES.map((t) => [t, z.number().int().nonnegative()])) as Record<(typeof BMP_MESSAGE_TYPES)[number], z.ZodNumber>);

/** One stream of routes a BMP session reports (a monitored peer's RIB view, or the Loc-RIB). */
export const feedViewSchema = z.object({
  /** Peer address; null for the Loc-RIB. */
  peer: z.string().nullable(),
  rib: z.enum(['adj-rib-in', 'adj-rib-out', 'loc-rib']),
  postPolicy: z.boolean(),
  /** A Peer Up was sent for it on the current connection. */
  up: z.boolean(),
});

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
  /** The router's own address on the connection: in a lab, its lab address (topology `router.address`, default 10.0.0.1). */
  localAddress: z.string().nullable(),
  /** The socket's real local port. */
  localPort: z.number().int().nullable(),
  /** The socket's real local address when `localAddress` is a lab address (loopback); absent from older servers. */
  socketAddress: z.string().nullable().optional(),
  /** Messages the router wrote to this session's socket over all its connections, by type. */
  sent: countsSchema,
  /**
   * The session's newest connections (at most 6: the current one and 5 closed), newest last: `socket` is the
   * real local end `address:port` (StationRouterView.socket of the station connection it opened), `local` the
   * router's end as it names it (its lab address and the real port; absent from older servers), and `sent` what
   * was written on that connection. Absent from older servers.
   */
  connections: z
    .array(
      z.object({
        socket: z.string(),
        local: z.string().optional(),
        openedAt: z.number(),
        closedAt: z.number().nullable(),
        sent: countsSchema,
      }),
    )
    .max(6)
    .optional(),
  bytesSent: z.number().int().nonnegative(),
  /** Times the TCP connection came up. */
  connects: z.number().int().nonnegative(),
  /** Epoch ms when the ConnectRetry timer fires, while it runs. */
  connectRetryAt: z.number().nullable(),
  /** `statistics-timer` in force, seconds. */
  statisticsTimer: z.number().int().positive(),
  /** Epoch ms of the next Statistics Report, while up. */
  statisticsAt: z.number().nullable(),
  /** What the session reports, per peer and RIB view. */
  feeds: z.array(feedViewSchema),
  /** Bytes the router queued that the station has not read yet. */
  pendingBytes: z.number().int().nonnegative(),
  /**
   * The sysname of the lab router the session belongs to. In a lab of several
   * routers the keys of every router but the first carry it as a prefix
   * (`R2@…`), so keys stay unique in the lab. Absent from older servers.
   */
  router: z.string().optional(),
});

/** One BMP message as the embedded monitoring station received and decoded it. */
export const stationMessageViewSchema = z.object({
  seq: z.number().int().nonnegative(),
  receivedAt: z.number(),
  /** The station endpoint as the lab names it, e.g. `10.1.1.1:1790`. */
  station: z.string(),
  /** The reporting router's end (StationRouterView.router: a lab router's lab address and port). */
  router: z.string(),
  /** Which connection of the station (see StationRouterView.id). */
  connection: z.string(),
  type: bmpMessageTypeSchema,
  length: z.number().int().nonnegative(),
  summary: z.string(),
  /** Per-peer header: the peer's address (`0.0.0.0` for a Loc-RIB instance), or null. */
  peer: z.string().nullable(),
  /** Per-peer header in words, e.g. `adj-rib-in post-policy`, `loc-rib`; null without one. */
  peerView: z.string().nullable(),
  /** The lab router's BMP session that sent it, when the station could tell. */
  sessionKey: z.string().nullable(),
  /** Per-peer header with a non-zero Peer Distinguisher only (a VPN instance's peer or Loc-RIB): its peer type (1 RD instance, 3 Loc-RIB). */
  peerType: z.number().int().min(0).max(255).optional(),
  /** With it: the Peer Distinguisher (the instance's RD), 16 hex digits. */
  distinguisher: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
  /*
   * Route Monitoring only (absent for other types, an End-of-RIB and logs
   * stored before these fields): what the message list's row shows without
   * opening the detail. The lists hold the first few entries; the counts say
   * how many the UPDATE carries.
   */
  /** Announced prefixes (NLRI and MP_REACH_NLRI), the first 3. */
  prefixes: z.array(z.string()).max(3).optional(),
  /** How many prefixes the UPDATE announces. */
  prefixCount: z.number().int().nonnegative().optional(),
  /** Withdrawn prefixes (Withdrawn Routes and MP_UNREACH_NLRI), the first 3. */
  withdrawnPrefixes: z.array(z.string()).max(3).optional(),
  /** How many prefixes the UPDATE withdraws. */
  withdrawn: z.number().int().nonnegative().optional(),
  /** AS_PATH's AS numbers in order (a set's members in a row), the first 10; absent without an AS_PATH. */
  asPath: z.array(z.number().int().nonnegative()).max(10).optional(),
  /** How many AS numbers AS_PATH holds in all. */
  asPathLength: z.number().int().nonnegative().optional(),
});

/** One monitored RIB as the station holds it from a router's Route Monitoring (RFC 7854 §4.6, RFC 8671, RFC 9069). */
export const stationRibViewSchema = z.object({
  /** The monitored peer's address (`0.0.0.0` for a Loc-RIB instance). */
  peer: z.string(),
  /** Its route distinguisher, 16 hex digits (zeros for the global instance). */
  distinguisher: z.string(),
  /** e.g. `adj-rib-in pre-policy`, `adj-rib-out post-policy`, `loc-rib`. */
  view: z.string(),
  /** Prefixes announced and not withdrawn, all families. */
  prefixes: z.number().int().nonnegative(),
});

/** A router connection the station has (or had): the lab's own router, or an external one. */
export const stationRouterViewSchema = z.object({
  /** Unique per connection: station name and router endpoint. */
  id: z.string(),
  station: z.string(),
  /** The router's end: a lab router's as it names it (its lab address, `10.0.0.1:50123`), an external router's as the station's socket saw it. */
  router: z.string(),
  /** The router's end as the station's socket saw it (`127.0.0.1:50123` behind a lab address). */
  socket: z.string(),
  sysName: z.string().nullable(),
  sysDescr: z.string().nullable(),
  connectedAt: z.number(),
  closedAt: z.number().nullable(),
  /** Messages received on this connection, by type. */
  received: countsSchema,
  bytes: z.number().int().nonnegative(),
  /** Distinct peers announced with Peer Up and not (yet) down. */
  peersUp: z.array(z.string()),
  /** The routes the station holds from this connection, per monitored peer and view (a Peer Down drops that peer's). */
  routes: z.array(stationRibViewSchema),
  /** The lab router's BMP session on the other end, or null for an external router. */
  sessionKey: z.string().nullable(),
});

export const stationErrorViewSchema = z.object({
  receivedAt: z.number(),
  station: z.string(),
  router: z.string(),
  code: z.string(),
  message: z.string(),
});

/** One decoded field of a message, for the inspector's tree and hex highlight. */
export interface DissectionNodeView {
  name: string;
  offset: number;
  length: number;
  value?: string | undefined;
  children?: DissectionNodeView[] | undefined;
}
export const dissectionNodeSchema: z.ZodType<DissectionNodeView> = z.lazy(() =>
  z.object({
    name: z.string(),
    offset: z.number().int().nonnegative(),
    length: z.number().int().nonnegative(),
    value: z.string().optional(),
    children: z.array(dissectionNodeSchema).optional(),
  }),
);

/** Longest console id, and longest `console.input` data, in characters (the schemas below; parse.ts checks keystroke frames by them too). */
export const CONSOLE_ID_MAX = 64;
export const CONSOLE_INPUT_MAX = 65536;
const consoleId = z.string().min(1).max(CONSOLE_ID_MAX);
/** A lab router's sysname (VRP allows 1-246 characters). */
const routerName = z.string().min(1).max(246);

/** A router of the lab: its sysname and its address inside the lab. */
export const labRouterViewSchema = z.object({ sysname: routerName, address: z.string() });

/**
 * A node of the lab's topology: `id` is `kind:name`; `name` is a router's
 * sysname, a neighbor's address or a station's `address:port` (a station in a
 * VPN instance: `NAME/address:port`).
 */
export const topologyNodeViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['router', 'neighbor', 'station']),
  name: z.string(),
  /** A router's or neighbor's AS number, when known. */
  asn: z.number().int().nonnegative().nullable(),
  /** A router's lab address (absent for other kinds, and from older servers): routers added while the lab runs are learnt from here. */
  address: z.string().optional(),
  /** Where the user last dragged it (kept with the lab); null: laid out automatically. */
  position: z.object({ x: z.number(), y: z.number() }).nullable(),
});

/**
 * A session between two nodes: `bgp` (a router's configured peer; one link
 * per pair of routers even when both configure it) or `bmp` (a router's BMP
 * session to a station). `from`/`to` are node ids; `up` is Established for
 * BGP and Up for BMP.
 */
export const topologyLinkViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['bgp', 'bmp']),
  from: z.string(),
  to: z.string(),
  state: z.enum(['up', 'down']),
  /** A few words for the link's tooltip, e.g. `iBGP, Established` or `Connect`. */
  detail: z.string(),
});

export const topologyViewSchema = z.object({
  nodes: z.array(topologyNodeViewSchema),
  links: z.array(topologyLinkViewSchema),
});

/** One exercise of the ladder, as listed (exercises.list). */
export const exerciseSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  goal: z.string(),
  steps: z.number().int().nonnegative(),
});

export const exerciseCheckStateSchema = z.enum(['pending', 'pass', 'fail']);

/** An exercise the lab finished (exercise.state's `progress`): on the trainee's own, or after restoring a checkpoint. */
export const exerciseProgressEntrySchema = z.object({
  id: z.string(),
  completedAt: z.number(),
  withCheckpoint: z.boolean(),
});

/** The open exercise of a lab and where the trainee stands (exercise.state). */
export const exerciseStateViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  goal: z.string(),
  steps: z.array(
    z.object({
      text: z.string(),
      /** The hints revealed so far (on request, one at a time). */
      hints: z.array(z.string()),
      hintCount: z.number().int().nonnegative(),
      hasCheckpoint: z.boolean(),
    }),
  ),
  checks: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      step: z.number().int().nonnegative(),
      state: exerciseCheckStateSchema,
      /** Why, in words (what was found or missing). */
      detail: z.string(),
      /** A hint shown with the check while it does not pass. */
      hint: z.string().nullable(),
      /** Read from the station's received messages (the real wire), not from the router. */
      wire: z.boolean(),
    }),
  ),
  startedAt: z.number(),
  /** Epoch ms when every check first passed; null until then. */
  completedAt: z.number().nullable(),
});

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), protocol: z.number().int() }),
  /**
   * Open a console, or resume one: with the id of a console this browser had
   * and the output offset it has seen, the server replays what was missed.
   */
  z.object({
    type: z.literal('console.open'),
    consoleId: consoleId.optional(),
    seen: z.number().int().nonnegative().optional(),
    /** Which router a new console logs in to (its sysname); default the lab's first. Ignored when resuming. */
    router: routerName.optional(),
  }),
  /** Raw keystrokes, as the terminal produced them. */
  z.object({ type: z.literal('console.input'), consoleId, data: z.string().max(CONSOLE_INPUT_MAX) }),
  z.object({
    type: z.literal('console.resize'),
    consoleId,
    cols: z.number().int().min(1).max(1000),
    rows: z.number().int().min(1).max(1000),
  }),
  /** The user closed the console (logs out, ends its candidate configuration). */
  z.object({ type: z.literal('console.close'), consoleId }),
  /** Ask for a received message's bytes and decoded tree. */
  z.object({ type: z.literal('station.detail'), seq: z.number().int().nonnegative() }),
  /** Open an exercise of the ladder: the lab is reset to its start. */
  z.object({ type: z.literal('exercise.start'), id: z.string().min(1).max(64) }),
  /** Reveal the next hint of a step of the open exercise. */
  z.object({ type: z.literal('exercise.hint'), step: z.number().int().nonnegative().max(100) }),
  /** Reset the lab to the open exercise's start (configuration replaced, sessions dial again). */
  z.object({ type: z.literal('exercise.reset') }),
  /** The user dragged a node of the topology view here; kept with the lab. */
  z.object({
    type: z.literal('topology.move'),
    node: z.string().min(1).max(300),
    x: z.number().min(-1e6).max(1e6),
    y: z.number().min(-1e6).max(1e6),
  }),
  /** Restore the known-good configuration of a step of the open exercise. */
  z.object({ type: z.literal('exercise.checkpoint'), step: z.number().int().nonnegative().max(100) }),
]);

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    protocol: z.number().int(),
    labId: z.string(),
    router: z.string(),
    /** Station endpoints of the lab, e.g. `10.1.1.1:1790`. */
    stations: z.array(z.string()),
    /**
     * Which of `stations` is the listener for routers outside the lab
     * (BMPLAB_COLLECTOR_LISTEN, the default lab only), or null. Absent from
     * older servers.
     */
    externalStation: z.string().nullable().optional(),
    /** Every router of the lab, the first one (`router`) first. Absent from older servers. */
    routers: z.array(labRouterViewSchema).optional(),
  }),
  z.object({
    type: z.literal('console.opened'),
    consoleId,
    /** True when an existing console was resumed (its missed output follows). */
    resumed: z.boolean(),
    /** The sysname of the router the console is logged in to. Absent from older servers. */
    router: z.string().optional(),
  }),
  /** Bytes for the terminal, VT100 as a router's vty would write them; `offset` counts from the console's first byte. */
  z.object({ type: z.literal('console.output'), consoleId, data: z.string(), offset: z.number().int().nonnegative() }),
  /**
   * The console is no longer on this socket: logged out, or (`takenOver`)
   * attached by another socket, where it lives on.
   */
  z.object({ type: z.literal('console.closed'), consoleId, reason: z.string(), takenOver: z.boolean().optional() }),
  /** The full session table; sent on connect. */
  z.object({ type: z.literal('sessions.snapshot'), sessions: z.array(bmpSessionViewSchema) }),
  z.object({ type: z.literal('session.updated'), session: bmpSessionViewSchema }),
  z.object({ type: z.literal('session.removed'), key: z.string() }),
  /** The station's recent messages and router connections; sent on connect. */
  z.object({
    type: z.literal('station.snapshot'),
    messages: z.array(stationMessageViewSchema),
    routers: z.array(stationRouterViewSchema),
  }),
  z.object({ type: z.literal('station.message'), message: stationMessageViewSchema }),
  /**
   * After a burst the viewer was not sent one by one (the live message budget): the newest messages, as many as fit
   * one frame, oldest first; appended like `station.message` (those at or below the newest held are duplicates).
   */
  z.object({ type: z.literal('station.messages'), messages: z.array(stationMessageViewSchema) }),
  z.object({ type: z.literal('station.router'), router: stationRouterViewSchema }),
  z.object({ type: z.literal('station.error'), error: stationErrorViewSchema }),
  /** Answer to `station.detail`: hex of the whole message and its dissection; `tree` empty when it is no longer kept. */
  z.object({
    type: z.literal('station.detail'),
    seq: z.number().int().nonnegative(),
    hex: z.string(),
    tree: z.array(dissectionNodeSchema),
  }),
  /** The exercise ladder, in order; sent on connect. */
  z.object({ type: z.literal('exercises.list'), exercises: z.array(exerciseSummarySchema) }),
  /** The lab's open exercise (null: none), sent on connect and whenever a check, hint or completion changes. */
  z.object({
    type: z.literal('exercise.state'),
    exercise: exerciseStateViewSchema.nullable(),
    /** Every exercise this lab finished, in ladder order (absent: unchanged). */
    progress: z.array(exerciseProgressEntrySchema).max(1000).optional(),
  }),
  /**
   * Whether the server's storage takes writes; sent on connect and on every
   * change. Not ok: the labs run in memory, `pending` writes wait for the
   * storage (full disk, read-only data directory) and are retried.
   */
  z.object({
    type: z.literal('storage.state'),
    storage: z.object({ ok: z.boolean(), path: z.string().nullable(), error: z.string().optional(), pending: z.number().int().nonnegative() }),
  }),
  /** The lab's topology with the live state of every session; sent on connect and on every change (at most ~10 per second). */
  z.object({ type: z.literal('topology.state'), topology: topologyViewSchema }),
  /** The server could not act on a client message; nothing else changed. */
  z.object({ type: z.literal('error'), code: z.enum(WS_ERROR_CODES), message: z.string() }),
]);

export type FeedView = z.infer<typeof feedViewSchema>;
export type LabRouterView = z.infer<typeof labRouterViewSchema>;
export type TopologyNodeView = z.infer<typeof topologyNodeViewSchema>;
export type TopologyLinkView = z.infer<typeof topologyLinkViewSchema>;
export type TopologyView = z.infer<typeof topologyViewSchema>;
export type BmpSessionView = z.infer<typeof bmpSessionViewSchema>;
export type StationMessageView = z.infer<typeof stationMessageViewSchema>;
export type StationRouterView = z.infer<typeof stationRouterViewSchema>;
export type StationRibView = z.infer<typeof stationRibViewSchema>;
export type StationErrorView = z.infer<typeof stationErrorViewSchema>;
export type ExerciseSummary = z.infer<typeof exerciseSummarySchema>;
export type ExerciseStateView = z.infer<typeof exerciseStateViewSchema>;
export type ExerciseCheckState = z.infer<typeof exerciseCheckStateSchema>;
export type ExerciseProgressEntry = z.infer<typeof exerciseProgressEntrySchema>;
export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;
/** Whether the server's storage takes writes (`storage.state`, and `storage` of `GET /api/health`). */
export type StorageStateView = Extract<ServerMessage, { type: 'storage.state' }>['storage'];
