// Closing the core when the app quits, including a core that is still being made. The window comes first and the
// core only once it is shown (up to 15 s later): a quit in between must not leave a core that arrives afterwards with
// its sockets open and its state half written.

export interface ClosableCore {
  close(): Promise<void>;
}

export interface CoreCloser<C extends ClosableCore> {
  /** The core being made; resolves to null when none was made. Call once, when making it starts. */
  starting(made: Promise<C | null>): void;
  /** True once the app began to quit: a core made after that is closed, not used. */
  readonly quitting: boolean;
  /**
   * For app 'will-quit': when a core exists or is on its way, holds the quit (`hold`, i.e. event.preventDefault),
   * closes the core once it is there, then quits again (`quitAgain`). The second 'will-quit' passes.
   */
  onWillQuit(hold: () => void, quitAgain: () => void): void;
}

export function createCoreCloser<C extends ClosableCore>(log: { error(message: string, fields?: Record<string, unknown>): void }): CoreCloser<C> {
  let core: Promise<C | null> | null = null;
  let quitting = false;
  let state: 'open' | 'closing' | 'closed' = 'open';
  return {
    starting(made) {
      // A core that failed to start has nothing to close; its failure is reported where it is made.
      core = made.catch(() => null);
    },
    get quitting() {
      return quitting;
    },
    onWillQuit(hold, quitAgain) {
      quitting = true;
      if (state === 'closed' || !core) return;
      // Asked to quit again while closing: the quit that follows the close is the one that goes through.
      hold();
      if (state === 'closing') return;
      state = 'closing';
      core
        .then((made) => made?.close())
        .catch((err: unknown) => log.error('The core did not close cleanly.', { error: err }))
        .finally(() => {
          state = 'closed';
          quitAgain();
        });
    },
  };
}
