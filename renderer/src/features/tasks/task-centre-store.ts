import { create } from 'zustand';

export const useTaskCentreStore = create<{ opened: boolean; setOpened(opened: boolean): void }>()((set) => ({
  opened: false,
  setOpened: (opened) => set({ opened }),
}));

export const openTaskCentre = () => useTaskCentreStore.getState().setOpened(true);
