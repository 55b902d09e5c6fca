// Builds the renderer once for all browser tests, so they always drive the code under test.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function setup(): Promise<void> {
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  await build({ configFile: path.join(repo, 'vite.renderer.config.ts'), logLevel: 'error' });
}
