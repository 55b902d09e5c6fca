// Puts uploads on the host cards (the dashboard's Footer and DropTarget slots) and mounts the one upload dialog.
// Slots handed in by the caller win, so a test or the benchmark can still replace either one.
import { Suspense, useMemo, type ReactNode } from 'react';
import { CardSlotsProvider, type CardSlots } from '../dashboard/card-slots';
import { Deferred, lazyPreload } from '../../ui/lazy-preload';
import { UploadDropTarget } from './UploadDropTarget';
import { UploadFooter } from './UploadFooter';
import { useUploadsStore } from './uploads-store';
import { useStrayDropGuard } from './use-stray-drop-guard';
import './uploads.css';

// Out of the first bundle: it shows only once files are dropped or picked (the staging store holds them till then).
const UploadDialog = lazyPreload(() => import('./UploadDialog').then((m) => m.UploadDialog));

export function UploadsProvider({ slots, children }: { slots?: CardSlots; children: ReactNode }) {
  useStrayDropGuard();
  // Keyed on the two components, not the object: App defaults `cardSlots` to a fresh {} on every render.
  const Footer = slots?.Footer ?? UploadFooter;
  const DropTarget = slots?.DropTarget ?? UploadDropTarget;
  const value = useMemo<CardSlots>(() => ({ Footer, DropTarget }), [Footer, DropTarget]);
  const staged = useUploadsStore((s) => s.staging !== null);
  return (
    <CardSlotsProvider value={value}>
      {children}
      <Deferred now={staged}>
        <Suspense fallback={null}>
          <UploadDialog />
        </Suspense>
      </Deferred>
    </CardSlotsProvider>
  );
}
