// ESLint for the whole checkout (`npm run lint`). The rules DEVELOPERS.md states, kept by a tool: promises are
// awaited or handled, every silenced promise says why, type-only imports say so, hooks follow React's rules, the
// renderer stays accessible, and each runtime imports only what it may (see BOUNDARIES below).
// Plain JavaScript so that no TypeScript loader is needed to read it.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { fieldlinkPlugin } from './scripts/lint/fieldlink-plugin.mjs';

// Test code may reach across the boundaries (a core test starts a simulated host, a renderer test a fake core).
// One list of what counts as test code, used by every boundary below.
export const TEST_KITS = ['**/*.test.ts', '**/*.test.tsx', '**/test-kit/**', '**/bench/**', 'e2e/**', 'scripts/**'];

const NODE_BUILTINS = [...new Set(builtinModules.map((name) => name.replace(/^node:/, '')))];

const forbid = {
  electron: { name: 'electron', message: 'Only the Electron shell (electron/main.ts, preload.ts, ipc.ts, shell/, adapters/) may import electron.' },
  react: [
    { name: 'react', message: 'React belongs to the renderer.' },
    { name: 'react-dom', message: 'React belongs to the renderer.' },
  ],
  node: [
    { group: ['node:*'], message: 'This code also runs in the browser: no Node modules here (put Node code in shared/node or the core).' },
    ...NODE_BUILTINS.map((name) => ({ name, message: 'This code also runs in the browser: no Node modules here (put Node code in shared/node or the core).' })),
  ],
  renderer: { group: ['**/renderer/**', '**/renderer'], message: 'Only the renderer imports the renderer; share types through shared/contract.ts.' },
  core: {
    group: ['**/electron/core/**', '**/electron/core', '**/shared/node/**'],
    message: 'The renderer reaches the core through the bridge (shared/contract.ts commands), never by import.',
  },
  simulator: {
    group: ['**/simulator/**', '**/simulator'],
    message: 'Product code never imports the simulator; only tests and test kits do (see TEST_KITS in eslint.config.mjs).',
  },
  features: {
    group: ['**/features/**', '**/features', '**/app/**', '**/app'],
    message:
      'The renderer is layered: app/ composes features/, features build on entities/, ui/, lib/ and bridge/, and those never import a feature or the app.',
  },
  product: {
    group: ['**/electron/**', '**/electron', '**/renderer/**', '**/renderer'],
    message: 'The simulator is a stand-in for the hosts: it never imports the product (shared/ is fine).',
  },
};

function restrict(...rules) {
  const paths = [];
  const patterns = [];
  for (const rule of rules.flat()) (rule.name ? paths : patterns).push(rule);
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

// Which folder may import what. Each file gets one entry (ESLint does not merge two settings of the same rule).
const BOUNDARIES = [
  { files: ['electron/core/**'], rules: restrict(forbid.electron, forbid.react, forbid.renderer, forbid.simulator) },
  {
    files: ['electron/cli/**', 'electron/bridge/**', 'electron/serve.ts'],
    rules: restrict(forbid.electron, forbid.react, forbid.renderer, forbid.simulator),
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts', 'electron/shell/**', 'electron/adapters/**'],
    rules: restrict(forbid.react, forbid.renderer, forbid.simulator),
  },
  {
    files: ['renderer/**'],
    ignores: ['renderer/src/{entities,ui,lib,bridge}/**'],
    rules: restrict(forbid.node, forbid.electron, forbid.core, forbid.simulator),
  },
  { files: ['renderer/src/{entities,ui,lib,bridge}/**'], rules: restrict(forbid.node, forbid.electron, forbid.core, forbid.simulator, forbid.features) },
  {
    files: ['shared/**'],
    ignores: ['shared/node/**'],
    rules: restrict(forbid.node, forbid.electron, forbid.react, forbid.renderer, forbid.core, forbid.simulator, {
      group: ['./node/*', './node'],
      message: 'shared/ outside shared/node runs in the browser too: it cannot import shared/node.',
    }),
  },
  { files: ['shared/node/**'], rules: restrict(forbid.electron, forbid.react, forbid.renderer, forbid.simulator) },
  { files: ['simulator/**'], rules: restrict(forbid.electron, forbid.react, forbid.product) },
].map((entry) => ({ ...entry, ignores: [...(entry.ignores ?? []), ...TEST_KITS] }));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.vite/**', 'test-results/**', 'e2e/artifacts/**', '.state/**', '.site-data/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { fieldlink: fieldlinkPlugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'fieldlink/silenced-promise-reason': 'error',
      // Stripping control characters from what hosts send before it reaches a log or a terminal is deliberate.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests may reach into loosely typed fakes and fixtures.
    files: TEST_KITS,
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain JavaScript (build and install scripts, this file) is not in a tsconfig: lint it without types.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node, parserOptions: { projectService: false, project: null } },
  },
  {
    files: ['renderer/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['renderer/src/**/*.tsx'],
    ...jsxA11y.flatConfigs.recommended,
  },
  ...BOUNDARIES,
);
