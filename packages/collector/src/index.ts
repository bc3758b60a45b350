export { StationStream, MAX_DECODE_ERRORS } from './station-stream.js';
export type { StationEvent, StreamOrigin } from './station-events.js';
export { summarizeBmpMessage } from './summarize.js';
