export { ConsolePane } from './ConsolePane.js';
export { installTestHooks, registerTerminal, type BmpLabTestHooks } from './test-hooks.js';
export { bufferText } from './terminal-text.js';
