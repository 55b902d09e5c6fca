// The main-process bundle. Electron Forge's Vite plugin merges this over its own main config (Node built-ins and
// 'electron' external, output in .vite/build, dev-server URL defines). The whole core and its dependencies are
// bundled in, so the packaged app needs no node_modules.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    lib: {
      entry: 'electron/main.ts',
      formats: ['cjs'],
      // package.json says "type": "module": a CommonJS bundle must say so by its extension or Node would load it as ESM.
      fileName: () => 'main.cjs',
    },
    sourcemap: true,
    target: 'node22',
    // The core loads some parts lazily (plans, reports, mDNS) so the CLI starts fast; the desktop app is one file
    // anyway, and a single main.cjs is what the package check and electron-builder's file list expect.
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
});
