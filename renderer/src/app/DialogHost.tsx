import { Suspense } from 'react';
import { cancelLinkFlow, useLinkFlowStore } from '../features/linking/link-flow-store';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { useConfirmStore } from '../ui/confirm-store';
import { useDialogStore } from '../ui/dialog-store';
import { lazyPreload } from '../ui/lazy-preload';

// Out of the first bundle: none of them is on screen when the console opens (see lazy-preload.ts).
const SiteCredentialsDialog = lazyPreload(() => import('../features/credentials/CredentialDialogs').then((m) => m.SiteCredentialsDialog));
const HostCredentialsDialog = lazyPreload(() => import('../features/credentials/CredentialDialogs').then((m) => m.HostCredentialsDialog));
const TrustChangedCertificateDialog = lazyPreload(() => import('../features/credentials/CredentialDialogs').then((m) => m.TrustChangedCertificateDialog));
const AddHostDialog = lazyPreload(() => import('../features/discovery/DiscoveryDialogs').then((m) => m.AddHostDialog));
const ProbeRangeDialog = lazyPreload(() => import('../features/discovery/DiscoveryDialogs').then((m) => m.ProbeRangeDialog));
const LinkFlowDialog = lazyPreload(() => import('../features/linking/LinkFlowDialog').then((m) => m.LinkFlowDialog));
const LinkWithTokenDialog = lazyPreload(() => import('../features/linking/LinkWithTokenDialog').then((m) => m.LinkWithTokenDialog));
const SettingsDialog = lazyPreload(() => import('../features/settings/SettingsDialog').then((m) => m.SettingsDialog));

/** Every modal lives here, so a card stays light: it only asks for a dialog by name. */
export function DialogHost() {
  const d = useDialogStore((s) => s.dialog);
  const linking = useLinkFlowStore((s) => s.flow.step !== 'idle');
  return (
    <Suspense fallback={null}>
      {d?.kind === 'site-credentials' && <SiteCredentialsDialog />}
      {d?.kind === 'host-credentials' && <HostCredentialsDialog key={d.hostId} hostId={d.hostId} />}
      {d?.kind === 'trust-changed-certificate' && <TrustChangedCertificateDialog key={d.hostId} hostId={d.hostId} />}
      {d?.kind === 'link-with-token' && <LinkWithTokenDialog key={d.hostId} hostId={d.hostId} />}
      {d?.kind === 'add-host' && <AddHostDialog />}
      {d?.kind === 'probe-range' && <ProbeRangeDialog />}
      {d?.kind === 'settings' && <SettingsDialog />}
      {linking && <LinkFlowDialog />}
      <ConfirmDialog />
    </Suspense>
  );
}

/** Closes whatever dialog is open: one that failed to draw would fail again as it is (App's ErrorBoundary). */
export function closeEveryDialog(): void {
  useDialogStore.getState().close();
  useConfirmStore.getState().answer(false);
  cancelLinkFlow();
}
