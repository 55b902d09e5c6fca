// The renderer bundle. One build serves both shells: Electron loads dist/renderer/index.html from file://, and
// `npm run serve` serves the same folder over http://127.0.0.1, so every asset URL must be relative (base './').
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    // Source maps stay out of the shipped bundle; the renderer holds no secrets but the map would double its size.
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  server: { host: '127.0.0.1', strictPort: false },
});
