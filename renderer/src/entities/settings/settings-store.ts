import { create } from 'zustand';
import type { SettingsView } from '../../../../shared/contract';

export interface SettingsState {
  settings: SettingsView | null;
  set(settings: SettingsView): void;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  settings: null,
  set: (settings) => set({ settings }),
}));
