// The real core for the CLI: in this process, secrets in memory only (nothing the CLI is given reaches the disk).
import type { CoreRequest } from './program';
import type { CoreLike } from './session';

export async function openCliCore(request: CoreRequest): Promise<CoreLike> {
  // First: the core's schemas read zod's setting when they are made (zod-jitless.ts).
  await import('./zod-jitless');
  // Loaded on demand: `--help` and usage errors answer without starting discovery and the agent client.
  const { createConsoleCore, MemoryVault } = await import('../core/index');
  const write = (level: string) => (msg: string) => {
    if (request.verbose) process.stderr.write(`[${level}] ${msg}\n`);
  };
  return createConsoleCore({
    stateDir: request.stateDir,
    ...(request.site ? { site: request.site } : {}),
    vault: new MemoryVault(),
    bridge: 'cli',
    // Only the hosts the command names (and their peers with --trust-peers): never whatever announces itself.
    trustNew: request.trustNew ? { hosts: request.named, peers: request.trustPeers } : false,
    ...(request.mdnsInterfaces ? { mdnsInterfaces: request.mdnsInterfaces } : {}),
    // A command that names its hosts by address only has nothing to find: no mDNS queries on the site's network.
    discovery: request.discovery,
    logger: { info: write('info'), warn: write('warn'), error: write('error') },
    version: request.version,
    // Refused logins are remembered in the state folder across commands (agents lock users out after 5 failures).
    loginGuard: { retry: request.retryLogin },
  });
}
