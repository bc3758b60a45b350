export * from './types.js';
export { evaluate, evaluateCheck, typeName, NOT_YET } from './evaluate.js';
export { placeLines } from './config-check.js';
export { LADDER, findExercise, validateExercise } from './ladder/index.js';
export { replayRoutes, attributeMismatch, describeAttributes } from './routes.js';
export type { ReplayedView } from './routes.js';
