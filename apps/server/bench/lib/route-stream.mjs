// The benches' BMP route stream now lives in packages/tooling/lib/bench-route-stream.mjs (one builder for the server,
// collector and web benches); this re-export keeps the old path working.
export * from '../../../../packages/tooling/lib/bench-route-stream.mjs';
