// The bridge's connection state, for the UI's banner. A tiny observable rather than a store: this folder stays free
// of React and zustand so it can be tested under plain Node.
import type { Unsubscribe } from '../../../shared/contract';

export type ConnectionState = 'connected' | 'connecting' | 'disconnected';

export interface ConnectionStatus {
  state: ConnectionState;
  /** A line for the user when the bridge cannot recover by itself (e.g. a stale secret); otherwise null. */
  problem: string | null;
}

export type ConnectionListener = (status: ConnectionStatus) => void;

export interface ConnectionMonitor {
  get(): ConnectionStatus;
  /** Calls `listener` now with the current status, then on every change. */
  subscribe(listener: ConnectionListener): Unsubscribe;
}

export interface ConnectionControl extends ConnectionMonitor {
  set(state: ConnectionState, problem?: string | null): void;
}

export function createConnectionState(initial: ConnectionState): ConnectionControl {
  let status: ConnectionStatus = { state: initial, problem: null };
  const listeners = new Set<ConnectionListener>();
  return {
    get: () => status,
    subscribe(listener) {
      listeners.add(listener);
      listener(status);
      return () => listeners.delete(listener);
    },
    set(state, problem = null) {
      if (state === status.state && problem === status.problem) return;
      status = { state, problem };
      for (const listener of [...listeners]) listener(status);
    },
  };
}
