// The core as the IPC layer sees it, before the core exists. The desktop app shows its window first and only then
// creates the core, because creating it starts mDNS, and on macOS the first multicast packet raises the Local
// Network prompt: over an empty screen, before the user knows what asks. Calls that arrive meanwhile wait for the
// core; event subscriptions are made on it when it is there.
import { commandNames, isDesktopOnlyCommand, type EventSource, type Handlers, type Unsubscribe } from '../../shared/contract';

export interface CoreLike extends EventSource {
  handlers: Handlers;
}

export function deferredCore(ready: Promise<CoreLike>): CoreLike {
  // A failed start is reported by whoever awaits `ready`; here it must not become an unhandled rejection.
  ready.catch(() => {});
  const handlers = Object.fromEntries(
    // Desktop-only commands are the shell's (ipc.ts adds them), never the core's: no forwarder that would find none.
    commandNames
      .filter((name) => !isDesktopOnlyCommand(name))
      .map((name) => [name, async (input: unknown) => ((await ready).handlers[name] as (i: unknown) => Promise<unknown>)(input)]),
  ) as unknown as Handlers;
  return {
    handlers,
    on(event, listener) {
      let off: Unsubscribe | null = null;
      let cancelled = false;
      ready.then(
        (core) => {
          if (!cancelled) off = core.on(event, listener);
        },
        () => {},
      );
      return () => {
        cancelled = true;
        off?.();
      };
    },
  };
}
