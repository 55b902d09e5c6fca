// A site restarted from its data directory keeps identities, links and uploads.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths, type V1LinkStatus, type V1UploadedContentDetails } from '../../shared/local-api/types';
import type { Site } from '../site';
import { ApiClient } from '../test-kit/client';
import { clientsFor, link, testSite, waitFor } from '../test-kit/site-helpers';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('state kept in the data directory across a restart', () => {
  let dataDir: string;
  let site: Site | null = null;
  const spec = [{ name: 'alpha' }, { name: 'beta' }, {}];
  const before: Array<{ id: string; name: string; port: number; fingerprint: string }> = [];
  let upload: V1UploadedContentDetails;
  let session: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-persist-'));
    const first = await testSite({ hosts: 3, dataDir, site: spec, tokenIntervalSec: 60 });
    try {
      const [alpha, beta] = (await clientsFor(first)) as [ApiClient, ApiClient];
      await link(alpha, beta);
      const form = new FormData();
      form.append('uploadFile', new Blob([Buffer.alloc(200_000, 3)]), 'kept.tar.zst');
      expect((await alpha.post(paths.uploadContent, { form })).status).toBe(201);
      upload = (await alpha.get<V1UploadedContentDetails>(paths.uploadedContent)).body;
      await waitFor('synced to beta', async () =>
        (await beta.get<V1UploadedContentDetails>(paths.uploadedContent)).body.sha256Hash === upload.sha256Hash ? true : undefined,
      );
      session = alpha.token as string;
      before.push(...first.hosts.map((h) => ({ id: h.id, name: h.name, port: h.port, fingerprint: h.fingerprint })));
    } finally {
      await first.stop();
    }
  });
  afterAll(async () => {
    await site?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps each host in its own directory, written atomically', async () => {
    const files = await filesUnder(dataDir);
    expect(files).toEqual(
      expect.arrayContaining([
        'alpha/state.json',
        'alpha/tls.crt',
        'alpha/tls.key',
        'alpha/content/content/kept.tar.zst',
        'beta/state.json',
        'beta/content/content/kept.tar.zst',
        'host-003/state.json',
        'host-003/tls.key',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.tmp') || f.includes('.incoming-'))).toEqual([]);
    const state = JSON.parse(await readFile(path.join(dataDir, 'alpha', 'state.json'), 'utf8'));
    expect(state.id).toBe(before[0]!.id);
    expect(state.group.members).toHaveLength(2);
  });

  it('restarts with the same ids, names, certificates and ports', async () => {
    site = await testSite({ hosts: 3, dataDir, site: spec, tokenIntervalSec: 60 });
    expect(site.hosts.map((h) => ({ id: h.id, name: h.name, port: h.port, fingerprint: h.fingerprint }))).toEqual(before);
  });

  it('keeps the link on both sides, and the leader keeps generating tokens', async () => {
    const [alpha, beta] = (await clientsFor(site!)) as [ApiClient, ApiClient];
    const onLeader = await alpha.get<V1LinkStatus>(paths.linkStatus);
    expect(onLeader.body.status).toBe('Completed');
    expect(onLeader.body.peers?.map((p) => [p.id, p.role])).toEqual([[before[1]!.id, 'follower']]);
    const onFollower = await beta.get<V1LinkStatus>(paths.linkStatus);
    expect(onFollower.body.peers?.map((p) => [p.id, p.role])).toEqual([[before[0]!.id, 'leader']]);
    expect((await alpha.get(paths.linkToken)).status).toBe(200);
    await waitFor('follower healthy after restart', async () => {
      const peer = (await alpha.get<V1LinkStatus>(paths.linkStatus)).body.peers?.[0];
      return peer?.health?.status === 'Healthy' && peer.config?.spec?.hostInfo?.hostState === 'Ready' ? true : undefined;
    });
  });

  it('keeps the last upload on both sides, and sessions issued before the restart', async () => {
    const alpha = new ApiClient(site!.hosts[0]!);
    alpha.token = session;
    expect((await alpha.get<V1UploadedContentDetails>(paths.uploadedContent)).body).toEqual(upload);
    const beta = await new ApiClient(site!.hosts[1]!).login();
    expect((await beta.get<V1UploadedContentDetails>(paths.uploadedContent)).body.sha256Hash).toBe(upload.sha256Hash);
  });

  it('gives a new data directory new identities', async () => {
    const other = await testSite({ hosts: 1, site: [{ name: 'alpha' }] });
    try {
      expect(other.hosts[0]!.id).not.toBe(before[0]!.id);
      expect(other.hosts[0]!.fingerprint).not.toBe(before[0]!.fingerprint);
    } finally {
      await other.stop();
    }
  });
});
