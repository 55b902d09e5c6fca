// Before acting, the CLI reads each host once: a host it has just added (and so just read) is not read again, and
// the view the core answers a trust with is the fresh one.
import { describe, expect, it } from 'vitest';
import type { HostView } from '../../shared/contract';
import { readyHost } from './host-ready';
import type { Session } from './session';

const view = (access: HostView['access'], patch: Partial<HostView> = {}): HostView =>
  ({ id: 'edge-1', name: 'edge-1', address: '10.0.0.7', access, offeredFingerprint: null, ...patch }) as unknown as HostView;

/** A session whose answers are given per command; every call is recorded. */
function fakeSession(answers: Partial<Record<string, (input: unknown) => unknown>>): { session: Session; calls: string[] } {
  const calls: string[] = [];
  const session = {
    call: async (name: string, input: unknown) => {
      calls.push(name);
      const answer = answers[name];
      if (!answer) throw new Error(`unexpected ${name}`);
      return answer(input);
    },
    on: () => () => {},
    close: async () => {},
  } as unknown as Session;
  return { session, calls };
}

const options = { trustNew: false, timeoutMs: 5_000 };

describe('readyHost', () => {
  it('reads a known host again first: its view may be old', async () => {
    const { session, calls } = fakeSession({ 'hosts.refresh': () => view('ok') });
    expect((await readyHost(session, view('unreachable'), options)).access).toBe('ok');
    expect(calls).toEqual(['hosts.refresh']);
  });

  it('does not read a host again that was read a moment ago, when it was added', async () => {
    const { session, calls } = fakeSession({});
    expect((await readyHost(session, view('ok'), { ...options, fresh: true })).access).toBe('ok');
    expect(calls).toEqual([]);
  });

  it("takes the core's answer to a trust as the fresh view, with no second read", async () => {
    const fingerprint = 'AB'.repeat(32);
    const { session, calls } = fakeSession({ 'certificates.trust': () => view('ok') });
    const ready = await readyHost(session, view('needs-trust', { offeredFingerprint: fingerprint }), { ...options, trustNew: true, fresh: true });
    expect(ready.access).toBe('ok');
    expect(calls).toEqual(['certificates.trust']);
  });

  it('still says what is wrong with a fresh view that is not ready', async () => {
    const { session } = fakeSession({});
    await expect(readyHost(session, view('needs-credentials'), { ...options, fresh: true })).rejects.toThrow(/no user name and password/);
  });
});
