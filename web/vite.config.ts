// The dashboard build: `vite build --config web/vite.config.ts` → web/dist, served by the API server at `/`.
// esbuild compiles JSX itself (no @vitejs/plugin-react). No source maps or inline scripts in the output,
// so the server's strict Content-Security-Policy (script-src 'self') holds.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1024,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8484' } },
});
