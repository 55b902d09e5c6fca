import { build } from 'vite';
await build({ configFile: '/work/main/renderer/bench/vite.config.ts', logLevel: 'error', build: { minify: false } });
