// Only the status of credentials (is a site login set, for which user, which hosts override it). Passwords never
// reach a store: the forms hand them straight to the core.
import { create } from 'zustand';
import type { CredentialStatus } from '../../../../shared/contract';

export interface CredentialsState {
  status: CredentialStatus | null;
  set(status: CredentialStatus): void;
}

export const useCredentialsStore = create<CredentialsState>()((set) => ({
  status: null,
  set: (status) => set({ status }),
}));
