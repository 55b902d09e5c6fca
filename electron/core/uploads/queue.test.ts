import { describe, expect, it } from 'vitest';
import { UploadQueue, type Lease } from './queue';

const tick = () => new Promise((r) => setImmediate(r));

describe('UploadQueue', () => {
  it('runs at most `limit` transfers at once, in arrival order', async () => {
    const queue = new UploadQueue(() => 2);
    const signal = new AbortController().signal;
    const got: string[] = [];
    const leases = new Map<string, Lease>();
    for (const host of ['a', 'b', 'c', 'd']) {
      // reason: acquire never rejects with a live signal; what it resolves to is checked below
      void queue.acquire(host, signal).then((l) => (got.push(host), leases.set(host, l)));
    }
    await tick();
    expect(got).toEqual(['a', 'b']);
    expect(queue.running).toBe(2);
    leases.get('b')!.release();
    await tick();
    expect(got).toEqual(['a', 'b', 'c']);
    leases.get('a')!.release();
    await tick();
    expect(got).toEqual(['a', 'b', 'c', 'd']);
  });

  it('never gives one host two uploads at once, without holding up other hosts', async () => {
    const queue = new UploadQueue(() => 3);
    const signal = new AbortController().signal;
    const got: string[] = [];
    const leases: Lease[] = [];
    for (const [i, host] of ['a', 'a', 'b'].entries()) {
      // reason: acquire never rejects with a live signal; what it resolves to is checked below
      void queue.acquire(host, signal).then((l) => (got.push(`${host}${i}`), leases.push(l)));
    }
    await tick();
    expect(got).toEqual(['a0', 'b2']);
    // The bytes of a0 are sent but its sync is followed: the slot is free, the host is not.
    leases[0]!.releaseSlot();
    await tick();
    expect(got).toEqual(['a0', 'b2']);
    leases[0]!.release();
    leases[0]!.release();
    await tick();
    expect(got).toEqual(['a0', 'b2', 'a1']);
    expect(queue.running).toBe(2);
  });

  it('reads the limit at every decision, so a new setting applies to what waits', async () => {
    let limit = 1;
    const queue = new UploadQueue(() => limit);
    const signal = new AbortController().signal;
    const leases: Lease[] = [];
    for (const host of ['a', 'b', 'c']) {
      // reason: acquire never rejects with a live signal; what it resolves to is checked below
      void queue.acquire(host, signal).then((l) => leases.push(l));
    }
    await tick();
    expect(leases).toHaveLength(1);
    limit = 3;
    leases[0]!.release();
    await tick();
    expect(leases).toHaveLength(3);
  });

  it('drops a waiter whose task is cancelled, with the cancellation as the reason', async () => {
    const queue = new UploadQueue(() => 1);
    const first = await queue.acquire('a', new AbortController().signal);
    const cancel = new AbortController();
    const waiting = queue.acquire('b', cancel.signal);
    expect(queue.queued).toBe(1);
    cancel.abort(new Error('Cancelled by the user.'));
    await expect(waiting).rejects.toThrow('Cancelled by the user.');
    expect(queue.queued).toBe(0);
    first.release();
    expect(queue.running).toBe(0);
    await expect(queue.acquire('c', cancel.signal)).rejects.toThrow('Cancelled by the user.');
  });
});
