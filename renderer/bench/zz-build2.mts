import { build } from 'vite';
await build({ configFile: '/work/main/vite.renderer.config.ts', logLevel: 'error', build: { minify: false, outDir: '/tmp/prof/nomin', emptyOutDir: true } });
