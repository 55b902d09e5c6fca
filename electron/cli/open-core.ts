// The real core for the CLI: in this process, secrets in memory only (nothing the CLI is given reaches the disk).
import type { CoreRequest } from './program';
import type { CoreLike } from './session';

export async function openCliCore(request: CoreRequest): Promise<CoreLike> {
  // Loaded on demand: `--help` and usage errors answer without starting discovery and the agent client.
  const { createConsoleCore, MemoryVault } = await import('../core/index');
  const write = (level: string) => (msg: string) => {
    if (request.verbose) process.stderr.write(`[${level}] ${msg}\n`);
  };
  return createConsoleCore({
    stateDir: request.stateDir,
    vault: new MemoryVault(),
    bridge: 'cli',
    trustNew: request.trustNew,
    ...(request.mdnsInterfaces ? { mdnsInterfaces: request.mdnsInterfaces } : {}),
    logger: { info: write('info'), warn: write('warn'), error: write('error') },
    version: request.version,
  });
}
