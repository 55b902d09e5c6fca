// A write that gets no answer (a link POST to a host that went silent) asks the monitor for a liveness check at
// once, as a lost poll connection does; an answer, even a refusal, and a cancel by the user ask for none.
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../shared/errors';
import { paths } from '../../../shared/local-api/types';
import { trustingClient } from '../../test-kit/core/agent-client';
import { defaultRoutes, startFakeHost, type FakeHost } from '../../test-kit/core/fake-host';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

const LINK = `POST ${paths.link}`;

async function setup(answer: 'never' | 'refuse' | 'cut'): Promise<{ host: FakeHost; lost: () => number; post: (signal?: AbortSignal) => Promise<unknown> }> {
  const routes = defaultRoutes();
  routes.set(LINK, () => {
    if (answer === 'refuse') return { status: 400, body: { code: 'BadRequest', message: 'invalid token' } };
    if (answer === 'cut') return { destroy: true };
    return new Promise(() => undefined);
  });
  const host = await startFakeHost({ routes });
  let lost = 0;
  const client = trustingClient(host.port, 'kairos', { onConnectionLost: () => void lost++ });
  open.push(client);
  open.unshift(host);
  return {
    host,
    lost: () => lost,
    post: (signal) => client.request('POST', paths.link, { json: { token: 'x' }, timeoutMs: 400, signal }).catch((err: unknown) => err),
  };
}

describe('a write that gets no answer', () => {
  it('asks for a liveness check when the host stays silent for the whole timeout', async () => {
    const s = await setup('never');
    const err = await s.post();
    expect(err).toBeInstanceOf(ConsoleError);
    expect(err).toMatchObject({ code: 'timeout' });
    expect(s.lost()).toBe(1);
  });

  it('asks for one when the host cuts the connection', async () => {
    const s = await setup('cut');
    const err = await s.post();
    expect(err).toMatchObject({ code: 'unreachable' });
    expect(s.lost()).toBe(1);
  });

  it('asks for one when the host cuts an upload', async () => {
    const routes = defaultRoutes();
    routes.set(`POST ${paths.uploadContent}`, () => ({ destroy: true }));
    const host = await startFakeHost({ routes });
    open.unshift(host);
    let lost = 0;
    const client = trustingClient(host.port, 'kairos', { onConnectionLost: () => void lost++ });
    open.push(client);
    const err = await client
      .postStream(paths.uploadContent, {
        body: () => Readable.from([Buffer.alloc(64 * 1024)]),
        headers: { 'content-type': 'application/octet-stream' },
        idleTimeoutMs: 2_000,
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unreachable' });
    expect(lost).toBe(1);
  });

  it('asks for none when the host answers, even with a refusal', async () => {
    const s = await setup('refuse');
    const answer = await s.post();
    expect(answer).toMatchObject({ status: 400 });
    expect(s.lost()).toBe(0);
  });

  it('asks for none when the user cancelled the call', async () => {
    const s = await setup('never');
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    const err = await s.post(abort.signal);
    expect(err).toMatchObject({ code: 'cancelled' });
    expect(s.lost()).toBe(0);
    expect(s.host.requests.some((r) => r.path === paths.link)).toBe(true);
  });
});
