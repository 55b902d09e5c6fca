// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The module keeps whether the first screen is drawn; each test gets a fresh copy.
async function load() {
  vi.resetModules();
  return import('./first-screen');
}

describe('work deferred until the first screen is drawn', () => {
  let idle: (() => void)[] = [];
  beforeEach(() => {
    vi.useFakeTimers();
    idle = [];
    vi.stubGlobal('requestIdleCallback', (run: () => void) => idle.push(run));
    vi.stubGlobal('cancelIdleCallback', () => undefined);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('waits for markFirstScreen, then for an idle moment', async () => {
    const { markFirstScreen, whenFirstScreenIdle } = await load();
    const work = vi.fn();
    whenFirstScreenIdle(work);
    expect(idle).toHaveLength(0);
    markFirstScreen();
    expect(idle).toHaveLength(1);
    idle[0]!();
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('asks for idle time at once when the screen is drawn already', async () => {
    const { markFirstScreen, whenFirstScreenIdle } = await load();
    markFirstScreen();
    whenFirstScreenIdle(() => undefined);
    expect(idle).toHaveLength(1);
  });

  it('stops waiting after a ceiling when no view says it is drawn (an empty site)', async () => {
    const { whenFirstScreenIdle } = await load();
    whenFirstScreenIdle(() => undefined);
    vi.advanceTimersByTime(2999);
    expect(idle).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(idle).toHaveLength(1);
  });

  it('runs nothing once cancelled', async () => {
    const { markFirstScreen, whenFirstScreenIdle } = await load();
    const cancel = whenFirstScreenIdle(() => undefined);
    cancel();
    markFirstScreen();
    vi.advanceTimersByTime(5000);
    expect(idle).toHaveLength(0);
  });
});
