import { defineConfig } from 'vite';

// The renderer is built into dist/renderer, which the host serves.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
