export * from './types.js';
export { evaluate, typeName } from './evaluate.js';
export { LADDER, findExercise, validateExercise } from './ladder/index.js';
