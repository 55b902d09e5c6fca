// The import boundaries of eslint.config.mjs, tried with one deliberate violation each (and the test-kit exceptions),
// so a change to the config that opens a boundary fails here rather than going unnoticed.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Only the boundary rule runs, without type information: the snippets are not files on disk.
const eslint = new ESLint({
  cwd: root,
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

async function refusals(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const probe = 1;\n`, { filePath: `${root}${file}`, warnIgnored: true });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('import boundaries', () => {
  it.each([
    ['the core never imports electron', 'electron/core/hosts/probe.ts', "import { app } from 'electron';"],
    ['the core never imports react', 'electron/core/hosts/probe.ts', "import { useState } from 'react';"],
    ['the core never imports the renderer', 'electron/core/hosts/probe.ts', "import { x } from '../../../renderer/src/lib/format';"],
    ['the CLI never imports the simulator', 'electron/cli/probe.ts', "import { startSite } from '../../simulator/site';"],
    ['the renderer never imports node: modules', 'renderer/src/lib/probe.ts', "import { readFile } from 'node:fs/promises';"],
    ['the renderer never imports bare Node modules', 'renderer/src/lib/probe.ts', "import path from 'path';"],
    ['the renderer never imports the core', 'renderer/src/lib/probe.ts', "import type { ConsoleCore } from '../../../electron/core/index';"],
    ['the renderer never imports shared/node', 'renderer/src/lib/probe.ts', "import { x } from '../../../shared/node/atomic-file';"],
    ['the renderer never imports the simulator', 'renderer/src/lib/probe.ts', "import { startSite } from '../../../simulator/site';"],
    ['the host entities never import a feature', 'renderer/src/entities/hosts/probe.ts', "import { x } from '../../features/dashboard/view-store';"],
    ['the shared UI never imports a feature', 'renderer/src/ui/probe.tsx', "import { x } from '../features/linking/link-flow-store';"],
    ['the shared UI never imports the app', 'renderer/src/ui/probe.tsx', "import { x } from '../app/App';"],
    ['shared code never imports Node', 'shared/probe.ts', "import { createHash } from 'node:crypto';"],
    ['shared code never imports shared/node', 'shared/probe.ts', "import { x } from './node/atomic-file';"],
    ['the simulator never imports the product', 'simulator/host/probe.ts', "import { x } from '../../electron/core/uploads/format';"],
    ['the simulator never imports the renderer', 'simulator/host/probe.ts', "import { x } from '../../renderer/src/lib/format';"],
  ])('%s', async (_name, file, source) => {
    const found = await refusals(file, source);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^no-restricted-imports: /);
  });

  it.each([
    ['a core test may start a simulated site', 'electron/core/hosts/probe.test.ts', "import { startSite } from '../../../simulator/site';"],
    ['a core test kit may too', 'electron/test-kit/core/probe.ts', "import { startSite } from '../../../simulator/site';"],
    ['the shell may import electron', 'electron/shell/probe.ts', "import { app } from 'electron';"],
    ['shared/node may import Node', 'shared/node/probe.ts', "import { createHash } from 'node:crypto';"],
    ['a feature may import the host entities', 'renderer/src/features/linking/probe.ts', "import { useHostsStore } from '../../entities/hosts/hosts-store';"],
    ['the app may import a feature', 'renderer/src/app/probe.tsx', "import { x } from '../features/linking/link-flow-store';"],
    ['the renderer may import shared code', 'renderer/src/lib/probe.ts', "import type { HostView } from '../../../shared/contract';"],
    ['the simulator may import shared code', 'simulator/host/probe.ts', "import type { V1Error } from '../../shared/local-api/types';"],
    ['the demo script may start a site', 'scripts/probe.ts', "import { startSite } from '../simulator/site';"],
  ])('%s', async (_name, file, source) => {
    expect(await refusals(file, source)).toEqual([]);
  });
});
