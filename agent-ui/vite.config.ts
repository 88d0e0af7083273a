import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
// @ts-expect-error a plain ESM build script without type declarations
import { precompressDir } from '../server/build/precompress.mjs';

// The config lives inside agent-ui/ but is invoked from the repo root
// (`vite build --config agent-ui/vite.config.ts`), so pin root explicitly.
const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.SWITCHBOARD_API ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [
    react(),
    // Brotli and gzip copies of every asset, served as is by the server (server/http/static.ts).
    { name: 'precompress', apply: 'build', closeBundle: () => void precompressDir(path.join(root, 'dist')) },
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Admin screens and non-English locales are split out by dynamic import;
    // keep the vendor chunk separate so app deploys do not bust React's cache.
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/react') || id.includes('node_modules/scheduler')) return 'react';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
});
