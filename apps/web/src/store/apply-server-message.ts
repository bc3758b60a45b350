import type { BmpSessionView, LabRouterView, ServerMessage, TopologyView, StationMessageView, StationRouterView } from '@bmp-lab/protocol';
import { appendManyToLog, appendToLog, resetLog } from './bounded-log.js';
import { withStations } from './lab-stations.js';
import { addRateSample, extendTimeline, totalSent } from './session-history.js';
import { sortedKeys } from './session-order.js';
import { STATION_ERROR_LIMIT, STATION_MESSAGE_LIMIT, type LabState, type SessionsSlice, type StationSlice } from './state.js';

/**
 * The only way server data enters the UI state: a pure reducer over validated
 * `ServerMessage`s (`now` is when it arrived: the rate chart's clock). It
 * returns the same object when a message changes nothing (console traffic, a
 * duplicate), so subscribers are not woken for nothing.
 */
export function applyServerMessage(state: LabState, msg: ServerMessage, now: number = Date.now()): LabState {
  switch (msg.type) {
    case 'welcome':
      return {
        ...state,
        lab: {
          labId: msg.labId,
          router: msg.router,
          protocol: msg.protocol,
          stations: msg.stations,
          externalStation: msg.externalStation ?? null,
          routers: msg.routers ?? [{ sysname: msg.router, address: '' }],
        },
        notice: null,
      };
    case 'console.opened':
    case 'console.output':
    case 'console.closed':
      // Consoles are the connection's business (their output streams into the terminals).
      return state;
    case 'sessions.snapshot':
      return { ...state, sessions: sessionsFrom(state.sessions, msg.sessions, now) };
    case 'session.updated':
      return { ...state, sessions: upsertSession(state.sessions, msg.session, now) };
    case 'session.removed':
      return removeSession(state, msg.key);
    case 'station.snapshot': {
      const kept = msg.messages.filter((m) => m.seq > state.station.clearedThrough);
      const routers: Record<string, StationRouterView> = {};
      for (const r of msg.routers) routers[r.id] = r;
      return {
        ...state,
        lab: withStations(
          state.lab,
          msg.routers.map((r) => r.station),
        ),
        station: {
          ...state.station,
          messages: resetLog(kept, STATION_MESSAGE_LIMIT),
          routers,
          routerOrder: msg.routers.map((r) => r.id),
        },
      };
    }
    case 'station.message':
      return appendStationMessages(state, [msg.message]);
    case 'station.messages':
      // A catch-up after a burst: the newest, after those sent one by one (the ones between are in the REST log). Not
      // counted into their connections: the station sends those cards, with every message counted, right after.
      return appendStationMessages(state, msg.messages, false);
    case 'station.router': {
      const r = msg.router;
      const known = r.id in state.station.routers;
      return {
        ...state,
        lab: withStations(state.lab, [r.station]),
        station: {
          ...state.station,
          routers: { ...state.station.routers, [r.id]: r },
          routerOrder: known ? state.station.routerOrder : [...state.station.routerOrder, r.id],
        },
      };
    }
    case 'station.detail':
      // Only the answer for the message still selected is kept.
      if (msg.seq !== state.station.selectedSeq) return state;
      return { ...state, station: { ...state.station, detail: { seq: msg.seq, hex: msg.hex, tree: msg.tree } } };
    case 'station.error':
      return {
        ...state,
        station: { ...state.station, errors: appendToLog(state.station.errors, msg.error, STATION_ERROR_LIMIT) },
      };
    case 'exercises.list':
      return { ...state, exercises: { ...state.exercises, ladder: msg.exercises } };
    case 'exercise.state':
      return { ...state, exercises: { ...state.exercises, current: msg.exercise, progress: msg.progress ?? state.exercises.progress } };
    case 'error':
      return { ...state, notice: { code: msg.code, message: msg.message, at: now } };
    case 'storage.state':
      return { ...state, storage: msg.storage };
    case 'topology.state':
      return { ...state, topology: msg.topology, lab: withRouters(state.lab, msg.topology) };
  }
}

/**
 * A burst of messages as one state change. Runs of `station.message` (a table
 * dump) are appended in one copy of the log, not one copy per message.
 */
export function applyServerMessages(state: LabState, msgs: readonly ServerMessage[], now: number = Date.now()): LabState {
  let s = state;
  let run: StationMessageView[] = [];
  for (const msg of msgs) {
    if (msg.type === 'station.message') {
      run.push(msg.message);
      continue;
    }
    if (run.length > 0) {
      s = appendStationMessages(s, run);
      run = [];
    }
    s = applyServerMessage(s, msg, now);
  }
  if (run.length > 0) s = appendStationMessages(s, run);
  return s;
}

function sessionsFrom(prev: SessionsSlice, list: readonly BmpSessionView[], now: number): SessionsSlice {
  const byKey: Record<string, BmpSessionView> = {};
  const timelines: Record<string, SessionsSlice['timeline'][string]> = {};
  const rates: Record<string, SessionsSlice['rates'][string]> = {};
  for (const s of list) {
    byKey[s.key] = s;
    // A reconnect's snapshot continues the history this page already has.
    timelines[s.key] = extendTimeline(prev.timeline[s.key], s);
    rates[s.key] = addRateSample(prev.rates[s.key], totalSent(s), now);
  }
  return { byKey, order: sortedKeys(byKey), timeline: timelines, rates };
}

function upsertSession(sessions: SessionsSlice, session: BmpSessionView, now: number): SessionsSlice {
  const known = session.key in sessions.byKey;
  const byKey = { ...sessions.byKey, [session.key]: session };
  const before = sessions.timeline[session.key];
  const after = extendTimeline(before, session);
  const rateBefore = sessions.rates[session.key];
  const rateAfter = addRateSample(rateBefore, totalSent(session), now);
  return {
    byKey,
    // Sort keys (address, alias, VPN) never change for a given key, so an
    // update of a known row keeps the order array (and its identity).
    order: known ? sessions.order : sortedKeys(byKey),
    timeline: after === before ? sessions.timeline : { ...sessions.timeline, [session.key]: after },
    rates: rateAfter === rateBefore ? sessions.rates : { ...sessions.rates, [session.key]: rateAfter },
  };
}

function removeSession(state: LabState, key: string): LabState {
  if (!(key in state.sessions.byKey)) return state;
  const byKey = { ...state.sessions.byKey };
  delete byKey[key];
  const timeline = { ...state.sessions.timeline };
  delete timeline[key];
  const rates = { ...state.sessions.rates };
  delete rates[key];
  return { ...state, sessions: { byKey, order: state.sessions.order.filter((k) => k !== key), timeline, rates } };
}

/** Append what is newer than the log holds; `count`: also into their connections' received counts (live messages). */
function appendStationMessages(state: LabState, incoming: readonly StationMessageView[], count = true): LabState {
  const items = state.station.messages.items;
  let lastSeq = items.length > 0 ? items[items.length - 1]!.seq : state.station.clearedThrough;
  lastSeq = Math.max(lastSeq, state.station.clearedThrough);
  // seq increases per lab: anything at or below the newest held (or cleared) is a duplicate.
  const fresh: StationMessageView[] = [];
  for (const m of incoming) {
    if (m.seq <= lastSeq) continue;
    fresh.push(m);
    lastSeq = m.seq;
  }
  if (fresh.length === 0) return state;
  const station: StationSlice = {
    ...state.station,
    messages: appendManyToLog(state.station.messages, fresh, STATION_MESSAGE_LIMIT),
    routers: count ? countReceived(state.station.routers, fresh) : state.station.routers,
  };
  return { ...state, station };
}

/**
 * The server sends a connection's `station.router` view only when something
 * notable changes (a first message of a type, a Peer Up or Down), always
 * after the message that caused it. In between, its counts move with the live
 * `station.message`s of that connection: count them here, so the received
 * side of a session stays exact; the next view replaces the count.
 */
function countReceived(routers: Readonly<Record<string, StationRouterView>>, fresh: readonly StationMessageView[]): Readonly<Record<string, StationRouterView>> {
  let next: Record<string, StationRouterView> | null = null;
  for (const m of fresh) {
    const r = (next ?? routers)[m.connection];
    if (r === undefined) continue;
    next ??= { ...routers };
    next[m.connection] = {
      ...r,
      received: { ...r.received, [m.type]: r.received[m.type] + 1 },
      bytes: r.bytes + m.length,
    };
  }
  return next ?? routers;
}

/**
 * The lab's routers as the topology lists them: an exercise may add or remove
 * routers while the page is open, and the console menu must follow. Kept as
 * is (same array) when nothing changed, or when the server names no addresses.
 */
function withRouters(lab: LabState['lab'], topology: TopologyView): LabState['lab'] {
  if (lab === null) return lab;
  const routers: LabRouterView[] = [];
  for (const n of topology.nodes) if (n.kind === 'router' && n.address !== undefined) routers.push({ sysname: n.name, address: n.address });
  if (routers.length === 0) return lab;
  const same = routers.length === lab.routers.length && routers.every((r, i) => r.sysname === lab.routers[i]!.sysname && r.address === lab.routers[i]!.address);
  return same ? lab : { ...lab, routers };
}
