// The renderer bundle. One build serves both shells: Electron loads dist/renderer/index.html from file://, and
// `npm run serve` serves the same folder over http://127.0.0.1, so every asset URL must be relative (base './').
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

/**
 * The entry loads the console with dynamic imports so that each part is evaluated in a task of its own
 * (src/app/load-app.ts). Vite preloads only static imports from the page, so without this the browser would fetch
 * Mantine and the app only once the entry had run. This adds a modulepreload link for every chunk those first
 * dynamic imports need (and their static imports), so all of it downloads and compiles in parallel from the start.
 * The split-off dialogs, palette and topology graph stay out: they are imports of the app chunk, not of the entry.
 */
function preloadStartupChunks(): Plugin {
  return {
    name: 'fieldlink-preload-startup-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const entry = ctx.chunk;
        const bundle = ctx.bundle;
        if (!entry || !bundle) return html;
        const have = new Set(Array.from(html.matchAll(/(?:href|src)="\.\/([^"]+)"/g), (m) => m[1]));
        const wanted: string[] = [];
        const styles: string[] = [];
        const visit = (file: string) => {
          if (have.has(file)) return;
          have.add(file);
          const chunk = bundle[file];
          if (!chunk || chunk.type !== 'chunk') return;
          chunk.imports.forEach(visit);
          wanted.push(file);
          // Their styles too, as links the page renders with rather than ones the imports add later (a flash).
          chunk.viteMetadata?.importedCss.forEach((css) => !have.has(css) && (have.add(css), styles.push(css)));
        };
        // The dynamic imports made by the entry's own static graph (load-app.ts), not those of the chunks they load.
        const loaded = new Set<string>();
        const starters = (file: string) => {
          const chunk = bundle[file];
          if (loaded.has(file) || !chunk || chunk.type !== 'chunk') return;
          loaded.add(file);
          chunk.imports.forEach(starters);
          chunk.dynamicImports.forEach(visit);
        };
        starters(entry.fileName);
        return {
          html,
          tags: [
            ...wanted.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const })),
            ...styles.map((file) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const })),
          ],
        };
      },
    },
  };
}

// What the first screen needs goes in a few chunks (React, the libraries Mantine uses, Mantine, icons, the app), which
// the browser fetches and compiles in parallel and load-app.ts evaluates one after the other. "Needed" means App.tsx
// imports it statically; the rest (dialogs, palette, topology graph and what only they use) stays in lazy chunks.
// What the entry itself imports statically (the bridge, Vite's preload helper) has a small chunk of its own: were it in
// the app chunk, the entry would import that chunk, and with it all of Mantine, before its first line ran.
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const APP = here('./renderer/src/app/App.tsx');
const LIBS_STAGE = here('./renderer/src/app/libs-stage.ts');
const ENTRIES = [here('./renderer/src/main.tsx'), here('./renderer/bench/bench-main.tsx')];

interface Graph {
  getModuleInfo(id: string): { importedIds: string[] } | null;
}

function staticClosure(graph: Graph, from: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    const info = graph.getModuleInfo(id);
    if (!info) continue;
    seen.add(id);
    stack.push(...info.importedIds);
  }
  return seen;
}

// Per chunking pass: the renderer's build and the benchmark page's are two passes in one process.
const passes = new WeakMap<Graph, { app: Set<string>; entry: Set<string> }>();

function startupChunk(id: string, graph: Graph): string | null {
  if (/[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/.test(id)) return 'react';
  let pass = passes.get(graph);
  if (!pass) passes.set(graph, (pass = { app: staticClosure(graph, [APP]), entry: staticClosure(graph, ENTRIES) }));
  if (id === LIBS_STAGE) return 'libs';
  if (pass.entry.has(id)) return ENTRIES.includes(id) ? null : 'boot';
  if (!pass.app.has(id)) return null;
  if (/[\\/]node_modules[\\/]@tabler[\\/]/.test(id)) return 'icons';
  if (/[\\/]node_modules[\\/]@mantine[\\/](core|notifications|spotlight)[\\/]/.test(id)) return 'mantine';
  return id.includes('node_modules') ? 'libs' : 'app';
}

/**
 * One group per chunk, the libraries first: a group takes its modules' dependencies along unless an earlier one has.
 * `debugName` names the group in rolldown's messages, which warns on every build of a group named by a function.
 */
const group = (name: string, priority: number) => ({
  name: (id: string, graph: Graph) => (startupChunk(id, graph) === name ? name : null),
  debugName: name,
  priority,
});

export default defineConfig({
  root,
  base: './',
  plugins: [react(), preloadStartupChunks()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    // Source maps stay out of the shipped bundle; the renderer holds no secrets but the map would double its size.
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [group('react', 6), group('boot', 5), group('icons', 4), group('libs', 3), group('mantine', 2), group('app', 1)],
        },
      },
    },
  },
  server: { host: '127.0.0.1', strictPort: false },
});
