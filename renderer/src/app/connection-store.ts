// The bridge's connection as UI state, for the banner. The bridge owns the truth; this mirrors it.
import { create } from 'zustand';
import type { Unsubscribe } from '../../../shared/contract';

export type LinkState = 'connected' | 'connecting' | 'disconnected';

export interface ConnectionStatus {
  state: LinkState;
  problem: string | null;
}

/** What the bridge offers (renderer/src/bridge: subscribeConnection); calls the listener at once, then on changes. */
export interface ConnectionSource {
  subscribe(listener: (status: ConnectionStatus) => void): Unsubscribe;
}

export const useConnectionStore = create<{ status: ConnectionStatus; everConnected: boolean }>()(() => ({
  status: { state: 'connected', problem: null },
  everConnected: false,
}));
