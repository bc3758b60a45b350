export * from './types.js';
export { evaluate, evaluateCheck, typeName, NOT_YET } from './evaluate.js';
export { placeLines } from './config-check.js';
export { distinguisherText } from './distinguisher.js';
export { LADDER, findExercise } from './ladder/index.js';
export { validateExercise } from './validate.js';
export { replayRoutes, attributeMismatch, describeAttributes } from './routes.js';
export type { ReplayedView } from './routes.js';
