export * from './types.js';
export { evaluate, typeName } from './evaluate.js';
export { LADDER, findExercise, validateExercise } from './ladder/index.js';
export { replayRoutes, attributeMismatch, describeAttributes } from './routes.js';
export type { ReplayedView } from './routes.js';
