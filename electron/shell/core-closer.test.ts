import { describe, expect, it, vi } from 'vitest';
import { createCoreCloser } from './core-closer';

const log = { error: vi.fn() };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('closing the core on quit', () => {
  it('lets the app quit at once when no core was ever started', () => {
    const closer = createCoreCloser(log);
    const hold = vi.fn();
    closer.onWillQuit(hold, () => {});
    expect(hold).not.toHaveBeenCalled();
    expect(closer.quitting).toBe(true);
  });

  it('holds a quit that comes while the core is still being made, and closes the core when it arrives', async () => {
    const closer = createCoreCloser<{ close(): Promise<void> }>(log);
    const made = deferred<{ close(): Promise<void> } | null>();
    closer.starting(made.promise);
    const hold = vi.fn();
    const quitAgain = vi.fn();
    closer.onWillQuit(hold, quitAgain);
    expect(hold).toHaveBeenCalledOnce();
    expect(closer.quitting).toBe(true);
    // The user asks to quit again meanwhile: still held, still one close.
    closer.onWillQuit(hold, quitAgain);
    expect(hold).toHaveBeenCalledTimes(2);
    const core = { close: vi.fn(async () => {}) };
    made.resolve(core);
    await vi.waitFor(() => expect(quitAgain).toHaveBeenCalledOnce());
    expect(core.close).toHaveBeenCalledOnce();
    // The quit that follows the close goes through.
    const last = vi.fn();
    closer.onWillQuit(last, () => {});
    expect(last).not.toHaveBeenCalled();
  });

  it('quits after a core that failed to start, and after a close that failed (logged)', async () => {
    const failed = createCoreCloser(log);
    failed.starting(Promise.reject(new Error('state folder unreadable')));
    const quitAgain = vi.fn();
    failed.onWillQuit(() => {}, quitAgain);
    await vi.waitFor(() => expect(quitAgain).toHaveBeenCalledOnce());

    const stuck = createCoreCloser(log);
    stuck.starting(Promise.resolve({ close: async () => Promise.reject(new Error('socket busy')) }));
    const again = vi.fn();
    stuck.onWillQuit(() => {}, again);
    await vi.waitFor(() => expect(again).toHaveBeenCalledOnce());
    expect(log.error).toHaveBeenCalledWith('The core did not close cleanly.', expect.anything());
  });
});
