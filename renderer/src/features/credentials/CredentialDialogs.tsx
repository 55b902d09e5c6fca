import { Checkbox, Code, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { useDialogStore } from '../../ui/dialog-store';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { setHostCredentials, setSiteCredentials } from './actions';
import { trustCertificate } from './certificate-actions';
import { useCredentialsStore } from './credentials-store';
import { CredentialsForm } from './CredentialsForm';

/** Where the password goes: in memory only where the core cannot save it (the browser console, no key store). */
function keptWhere(saved: boolean | undefined): string {
  return saved === false
    ? 'Kept in memory until this console stops, not saved (the browser console, and a desktop without a usable key store, save no passwords).'
    : 'Stored encrypted on this computer.';
}

export function SiteCredentialsDialog() {
  const api = useApi();
  const close = useDialogStore((s) => s.close);
  const status = useCredentialsStore((s) => s.status);
  return (
    <Modal opened onClose={close} title="Site credentials" centered>
      <Text size="sm" mb="md">
        The Local UI login Fieldlink uses for every host on this site, unless a host has its own. {keptWhere(status?.saved)}
        {status?.siteSet ? ` Currently set for ${status.siteUser ?? 'a user'}.` : ''}
      </Text>
      <CredentialsForm initialUser={status?.siteUser} submitLabel="Save for every host" onSubmit={(u, p) => setSiteCredentials(api, u, p)} onCancel={close} />
    </Modal>
  );
}

export function HostCredentialsDialog({ hostId }: { hostId: string }) {
  const api = useApi();
  const close = useDialogStore((s) => s.close);
  const name = useHostsStore((s) => s.byId[hostId]?.name || hostId);
  const saved = useCredentialsStore((s) => s.status?.saved);
  return (
    <Modal opened onClose={close} title={`Credentials for ${name}`} centered>
      <Text size="sm" mb="md">
        Used for this host only, instead of the site credentials. {keptWhere(saved)}
      </Text>
      <CredentialsForm submitLabel="Save for this host" onSubmit={(u, p) => setHostCredentials(api, hostId, u, p)} onCancel={close} />
    </Modal>
  );
}

/** The deliberate path past a changed certificate: both fingerprints side by side and an explicit acknowledgement. */
export function TrustChangedCertificateDialog({ hostId }: { hostId: string }) {
  const api = useApi();
  const close = useDialogStore((s) => s.close);
  const host = useHostsStore((s) => s.byId[hostId]);
  const [checked, setChecked] = useState(false);
  if (!host) return null;
  const name = host.name || host.id;
  const offered = host.offeredFingerprint;
  return (
    <Modal opened onClose={close} title={`Trust the new certificate of ${name}?`} centered size="lg">
      <Stack>
        <Text size="sm">
          Only continue if you know why the certificate changed (the host was reinstalled or its certificate renewed) and the new fingerprint matches the one
          shown on the host itself. If you are not sure, cancel and ask whoever manages the host: another device may be answering at {host.address}.
        </Text>
        <div>
          <Text size="xs" fw={600}>
            Trusted until now
          </Text>
          <Code block className="fl-fingerprint">
            {host.fingerprint ?? 'unknown'}
          </Code>
        </div>
        <div>
          <Text size="xs" fw={600}>
            Offered now
          </Text>
          <Code block className="fl-fingerprint" aria-label="New certificate fingerprint">
            {offered ?? 'unknown'}
          </Code>
        </div>
        <Checkbox label="I checked the new fingerprint on the host and I trust it" checked={checked} onChange={(e) => setChecked(e.currentTarget.checked)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            color="red"
            disabled={!checked || !offered}
            onClick={async () => {
              if (offered && (await trustCertificate(api, hostId, offered))) close();
            }}
          >
            Trust the new certificate
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
