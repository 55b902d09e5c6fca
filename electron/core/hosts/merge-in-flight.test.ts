// A host known at two addresses (the one the technician typed, and the one its peers list) is merged into one entry
// once it answers at the second. Work that had the first entry's connection in hand at that moment (a validation
// reading the leader, say: several calls in a row) must go on, not fail with "Fieldlink is closing".
import { afterEach, expect, it } from 'vitest';
import { startHarness } from '../../test-kit/core/core-harness';
import { defaultRoutes, FAKE_ID, startFakeHost } from '../../test-kit/core/fake-host';
import { startHostileLink } from '../../test-kit/core/hostile-link';
import { waitFor } from '../../test-kit/core/wait';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

it('lets calls under way on a merged entry finish, and the work that holds its client go on', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const host = await startFakeHost({ routes: defaultRoutes() });
  open.push(host);
  host.set('GET', '/v1/slow', async () => {
    await gate;
    return { body: { ok: true } };
  });
  // A second way to the same host: a plain relay on another port.
  const second = await startHostileLink({ port: host.port });
  open.push(second);
  const h = await startHarness({ user: 'kairos', password: 'kairos', trustNew: true });
  open.push(h);

  const typed = await h.core.handlers['hosts.add']({ address: second.endpoint });
  expect(typed).toMatchObject({ id: FAKE_ID, access: 'ok' });
  const client = h.core.context.agentFor(FAKE_ID);
  const underWay = client.request('GET', '/v1/slow');
  await waitFor(() => host.requests.some((r) => r.path === '/v1/slow'), { what: 'slow call under way' });

  // The host answers at its own address too: the entry that answered there survives, the typed one is merged into it.
  await h.core.handlers['hosts.add']({ address: host.url });
  await waitFor(() => h.logs.some((l) => l.includes('host entries merged')), { what: 'merge' });
  expect(await h.hosts()).toHaveLength(1);

  release();
  expect((await underWay).status).toBe(200);
  // The next call of the same piece of work, on the client it already holds.
  expect((await client.request('GET', '/v1/slow')).status).toBe(200);
});
