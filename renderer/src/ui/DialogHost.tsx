import { HostCredentialsDialog, SiteCredentialsDialog, TrustChangedCertificateDialog } from '../features/credentials/CredentialDialogs';
import { AddHostDialog, ProbeRangeDialog } from '../features/discovery/DiscoveryDialogs';
import { LinkFlowDialog } from '../features/linking/LinkFlowDialog';
import { LinkWithTokenDialog } from '../features/linking/LinkWithTokenDialog';
import { SettingsDialog } from '../features/settings/SettingsDialog';
import { ConfirmDialog } from './ConfirmDialog';
import { useDialogStore } from './dialog-store';

/** Every modal lives here, so a card stays light: it only asks for a dialog by name. */
export function DialogHost() {
  const d = useDialogStore((s) => s.dialog);
  return (
    <>
      {d?.kind === 'site-credentials' && <SiteCredentialsDialog />}
      {d?.kind === 'host-credentials' && <HostCredentialsDialog key={d.hostId} hostId={d.hostId} />}
      {d?.kind === 'trust-changed-certificate' && <TrustChangedCertificateDialog key={d.hostId} hostId={d.hostId} />}
      {d?.kind === 'link-with-token' && <LinkWithTokenDialog key={d.hostId} hostId={d.hostId} />}
      {d?.kind === 'add-host' && <AddHostDialog />}
      {d?.kind === 'probe-range' && <ProbeRangeDialog />}
      {d?.kind === 'settings' && <SettingsDialog />}
      <LinkFlowDialog />
      <ConfirmDialog />
    </>
  );
}
