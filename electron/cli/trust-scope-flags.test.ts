// What each command tells the core about trust and sites (issue 12): --trust-new covers only the hosts the command
// names, --trust-peers adds their link peers, --site picks the site's own state. Captured at openCore, before any
// host is contacted.
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../shared/errors';
import { runCli, type CoreRequest } from './program';

async function requestOf(args: string[]): Promise<CoreRequest> {
  let seen: CoreRequest | null = null;
  await runCli(['node', 'fieldlink', ...args], {
    openCore: async (request) => {
      seen = request;
      throw new ConsoleError('internal', 'stopped by the test');
    },
    out: { line: () => undefined, json: () => undefined },
    writeErr: () => undefined,
    progress: { show: () => undefined },
  });
  if (!seen) throw new Error(`the core was not opened for: ${args.join(' ')}`);
  return seen;
}

describe('--trust-new scope', () => {
  it('names exactly the hosts of the command', async () => {
    expect(await requestOf(['--trust-new', 'link', '--leader', 'A', 'B', '10.0.0.3:5080'])).toMatchObject({
      trustNew: true,
      trustPeers: false,
      named: ['A', 'B', '10.0.0.3:5080'],
    });
    expect(await requestOf(['--trust-new', 'hosts', '--add', '10.0.0.1', '--add', '10.0.0.2'])).toMatchObject({ named: ['10.0.0.1', '10.0.0.2'] });
    expect(await requestOf(['--trust-new', 'status'])).toMatchObject({ named: [] });
    for (const command of [
      ['status', 'X'],
      ['token', 'X'],
      ['unlink', 'X'],
      ['stop-token', 'X'],
      ['upload', 'X', '/tmp/b.tar.zst'],
    ]) {
      expect((await requestOf(['--trust-new', ...command])).named, command[0]).toEqual(['X']);
    }
  });

  it("adds the named hosts' peers only with --trust-peers", async () => {
    expect(await requestOf(['--trust-new', '--trust-peers', 'status', 'L'])).toMatchObject({ trustNew: true, trustPeers: true, named: ['L'] });
  });
});

describe('--site', () => {
  it('picks the site wherever it is typed, export-plan included (its plan name is --name)', async () => {
    expect((await requestOf(['--site', 'plant-7', 'status'])).site).toBe('plant-7');
    expect((await requestOf(['status', '--site', 'plant-7'])).site).toBe('plant-7');
    expect((await requestOf(['status'])).site).toBeUndefined();
    expect((await requestOf(['export-plan', '--site', 'Plant 7'])).site).toBe('Plant 7');
    expect((await requestOf(['export-plan', '--name', 'Plant 7'])).site).toBeUndefined();
  });
});

describe('mDNS discovery', () => {
  it('stays off only for a command that acts on the hosts it names, all named by address', async () => {
    for (const command of [
      ['upload', '10.0.0.1:5080', '/tmp/b.tar.zst'],
      ['status', 'https://10.0.0.1:5080'],
      ['token', 'edge-1.site.lan:5080'],
      ['link', '--leader', '10.0.0.1:5080', '10.0.0.2:5080', '10.0.0.3:5080'],
      ['unlink', '10.0.0.2:5080'],
      ['stop-token', '10.0.0.1'],
    ]) {
      expect((await requestOf(command)).discovery, command.join(' ')).toBe(false);
    }
    for (const command of [
      ['upload', 'edge-1', '/tmp/b.tar.zst'],
      ['link', '--leader', '10.0.0.1:5080', 'edge-2'],
      ['status'],
      // Lists every host found, the added one among them.
      ['hosts', '--add', '10.0.0.1:5080'],
      ['report'],
    ]) {
      expect((await requestOf(command)).discovery, command.join(' ')).toBe(true);
    }
  });
});
