// An HTTPS host stub for tests that must answer some calls by hand (an upload answered before its body ends, an
// answer trickled a byte at a time, a call cut mid-way): those go to the test's own handler, every other call gets
// the answers of a healthy host (fake-host's default routes), so the core can log in and poll as usual.
import { startFakeHost, type FakeIntercept } from './fake-host';

/** Answers the request itself and returns true, or returns false to leave it to the healthy default routes. */
export type StubHandler = FakeIntercept;

export interface HttpsStub {
  url: string;
  /** Runs on close, before the sockets are cut: for a handler's own timers. */
  onClose(cleanup: () => void): void;
  close(): Promise<void>;
}

export async function startHttpsStub(handle: StubHandler): Promise<HttpsStub> {
  const host = await startFakeHost({ intercept: handle });
  const cleanups: (() => void)[] = [];
  return {
    url: host.url,
    onClose: (cleanup) => void cleanups.push(cleanup),
    close: async () => {
      for (const cleanup of cleanups) cleanup();
      await host.close();
    },
  };
}
