// Issue 12, High: `link --leader A B --trust-new` while a foreign site announces on the same link (mDNS on
// loopback, same user and password). Only A and B are pinned and logged in to; the foreign hosts are listed but
// never pinned and never sent a login.
import { describe, expect, it } from 'vitest';
import { runForeignSiteScenario } from '../../test-kit/core/foreign-site-scenario';

describe('scoped --trust-new', () => {
  it('pins and links the named hosts only; a foreign site announcing on the link gets no pin and no login', async () => {
    const r = await runForeignSiteScenario();
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.linked).toBe(true);
    expect(r.foreignSeen).toBe(3);
    expect([...r.pinned].sort()).toEqual([...r.named].sort());
    for (const ep of r.foreign) expect(r.pinned).not.toContain(ep);
    expect(r.foreignLoginTried).toEqual([]);
  }, 90_000);

  it('catches the old behaviour: trusting every first-seen certificate pins the foreign site and logs in to it', async () => {
    const r = await runForeignSiteScenario({ trustEverything: true });
    expect(r.foreignSeen).toBe(3);
    expect(r.pinned.filter((ep) => r.foreign.includes(ep)).length).toBeGreaterThan(0);
  }, 90_000);
});
