import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The lab server the dev server proxies to (`npm start` listens on 8080).
const LAB_SERVER = process.env['BMPLAB_DEV_PROXY'] ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  // Bundle workspace packages from their TypeScript sources (the
  // `@bmp-lab/source` export condition), so the UI never needs a prior
  // `tsc -b` of @bmp-lab/protocol and never ships a stale copy of it.
  resolve: { conditions: ['@bmp-lab/source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate, cacheable chunks.
        codeSplitting: {
          groups: [
            { name: 'xterm', test: /node_modules[\\/]@xterm[\\/]/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            // React Flow and its d3 parts: only the lazily loaded Topology tab uses them, so they must not join 'vendor' (loaded first).
            { name: 'topology-vendor', test: /node_modules[\\/](@xyflow|d3-[a-z]+|classcat|use-sync-external-store)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/ws': { target: LAB_SERVER, ws: true },
      '/api': { target: LAB_SERVER },
    },
  },
  preview: { host: '127.0.0.1' },
});
