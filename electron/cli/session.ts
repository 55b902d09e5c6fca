// The CLI's handle on the core. It runs the core in this process but calls it only through the contract (dispatch),
// so input validation and error codes are exactly what the Electron and browser bridges get.
import type { CommandInput, CommandName, CommandOutput, EventSource, Handlers } from '../../shared/contract';
import { dispatch, unwrap } from '../../shared/dispatch';

export interface CoreLike {
  handlers: Handlers;
  on: EventSource['on'];
  close(): Promise<void>;
}

export interface Session {
  call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>>;
  on: EventSource['on'];
  close(): Promise<void>;
}

export function sessionOver(core: CoreLike, onUnexpected: (err: unknown, name: string) => void = () => {}): Session {
  let closing: Promise<void> | null = null;
  return {
    async call(name, input) {
      return unwrap(await dispatch(core.handlers, name, input, onUnexpected)) as CommandOutput<typeof name>;
    },
    on: (event, listener) => core.on(event, listener),
    close() {
      closing ??= core.close();
      return closing;
    },
  };
}
