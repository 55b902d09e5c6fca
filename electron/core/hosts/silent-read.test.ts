// A host that falls silent (a pulled cable: no reset, no answer) while an action reads it. The monitor does not beat
// while a read runs, so the action's read is the liveness check: silent for its whole timeout, the host is shown
// offline at once, not one more liveness timeout later; and the action says what happened and what to do.
import { afterEach, expect, it } from 'vitest';
import { startHarness } from '../../test-kit/core/core-harness';
import { defaultRoutes, FAKE_ID, startFakeHost, type FakeRoute } from '../../test-kit/core/fake-host';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

it('shows a host offline as soon as an action heard nothing from it for the whole timeout', async () => {
  let silent = false;
  const routes = new Map<string, FakeRoute>();
  for (const [key, route] of defaultRoutes()) routes.set(key, (req) => (silent ? { hang: true } : route(req)));
  const host = await startFakeHost({ routes });
  open.push(host);
  const h = await startHarness({ user: 'kairos', password: 'kairos', trustNew: true });
  open.push(h);
  expect(await h.core.handlers['hosts.add']({ address: host.url })).toMatchObject({ id: FAKE_ID, online: true, access: 'ok' });

  silent = true;
  const task = await h.runTask(h.core.handlers['link.makeLeader']({ hostId: FAKE_ID }));
  expect(task.state).toBe('failed');
  expect(task.hosts[0]!.message).toMatch(
    /^fake-edge is offline: No answer from 127\.0\.0\.1:\d+ within 10 s: check that the host is on and on this network\.$/,
  );
  // At once, not after another beat's worth of silence (10 s more).
  const off = await h.waitHost(FAKE_ID, (v) => !v.online, 1_500, 'offline');
  expect(off.accessMessage).toMatch(/^No answer from 127\.0\.0\.1:\d+ within 10 s: check that the host is on and on this network\.$/);
}, 30_000);
