// Room on each card for features that come later (uploads): a footer and a wrapper that may take file drops. The
// card itself only reacts to drags of our leader MIME type, so a file drop reaches the wrapper untouched.
import { createContext, useContext, type ComponentType, type ReactNode } from 'react';

export interface CardSlots {
  /** Rendered at the bottom of every card, inside the card's fixed height. */
  Footer?: ComponentType<{ hostId: string }>;
  /** Wraps the card's content, e.g. a Dropzone for content bundles. */
  DropTarget?: ComponentType<{ hostId: string; children: ReactNode }>;
}

const CardSlotsContext = createContext<CardSlots>({});

export const CardSlotsProvider = CardSlotsContext.Provider;

export function useCardSlots(): CardSlots {
  return useContext(CardSlotsContext);
}
