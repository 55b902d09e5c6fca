// link.validate while the leader's entry is merged into another (the leader answered at a second address, such as
// the one its followers list): the report is about the host as it stands now, and the leader is never listed as a
// host that "says it follows" itself.
import { afterEach, expect, it } from 'vitest';
import { startHarness } from '../../test-kit/core/core-harness';
import { defaultRoutes, FAKE_ID, startFakeHost } from '../../test-kit/core/fake-host';
import { startHostileLink } from '../../test-kit/core/hostile-link';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

it('validates a leader merged during the validation', async () => {
  const routes = defaultRoutes();
  routes.set('GET /v1/edge-mgmt/edgehosts/current/link/token', () => ({ body: { generating: true, token: 'dG9rZW4=', interval: 120, remainingTime: 90 } }));
  const host = await startFakeHost({ routes });
  open.push(host);
  // The address the technician typed is a slow one: the validation's reads over it take a second each.
  const slow = await startHostileLink({ port: host.port });
  open.push(slow);
  const h = await startHarness({ user: 'kairos', password: 'kairos', trustNew: true });
  open.push(h);
  expect(await h.core.handlers['hosts.add']({ address: slow.endpoint })).toMatchObject({ id: FAKE_ID, role: 'leader' });
  slow.shape({ delayDownMs: 1_000 });

  const validating = h.core.handlers['link.validate']({ leaderId: FAKE_ID });
  // Meanwhile the leader answers at its own address, quickly: that entry survives and the typed one merges into it.
  await h.core.handlers['hosts.add']({ address: host.url });
  expect(h.logs.some((l) => l.includes('host entries merged'))).toBe(true);

  const report = await validating;
  expect(report).toEqual({ leaderId: FAKE_ID, ok: true, followers: [] });
});
