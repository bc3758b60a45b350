export { StationStream } from './station-stream.js';
export type { StationEvent, StreamOrigin } from './station-events.js';
export { summarizeBmpMessage } from './summarize.js';
