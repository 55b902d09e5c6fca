// Builds the benchmark page (renderer/bench/index.html) with the production settings of the real renderer.
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vite';
import base from '../../vite.renderer.config';

export default mergeConfig(
  base,
  defineConfig({
    root: fileURLToPath(new URL('.', import.meta.url)),
    build: { outDir: fileURLToPath(new URL('../../dist/bench', import.meta.url)), emptyOutDir: true },
    // The page imports ../src and ../../shared: let Vite read outside its root.
    server: { fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] } },
  }),
);
