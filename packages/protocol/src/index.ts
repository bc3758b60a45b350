export * from './version.js';
export * from './test-ids.js';
export * from './bmp-message-type.js';
export * from './schemas.js';
export * from './parse.js';
export * from './rest.js';
export * from './cli.js';
export * from './station-routes.js';
