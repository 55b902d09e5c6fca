// What stands between the console and a host, said on the host's card with the way forward: credentials, a
// certificate decision, a lockout to wait out, or a host that does not answer.
import { Alert, Button, Code, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCertificate, IconKey, IconLock, IconPlugConnectedX } from '@tabler/icons-react';
import { useState } from 'react';
import type { HostView } from '../../../../shared/contract';
import { useApi } from '../../app/api-context';
import { seconds } from '../../lib/format';
import { useNow } from '../../lib/ticker';
import { openDialog } from '../../ui/dialog-store';
import { attempt } from '../../ui/notify';
import { trustCertificate } from './certificate-actions';

function CredentialButtons({ host }: { host: HostView }) {
  const name = host.name || host.id;
  return (
    <Group gap={6}>
      <Button size="compact-xs" onClick={() => openDialog({ kind: 'site-credentials' })}>
        Enter site credentials
      </Button>
      <Button
        size="compact-xs"
        variant="default"
        onClick={() => openDialog({ kind: 'host-credentials', hostId: host.id })}
        aria-label={`Credentials for this host: ${name}`}
      >
        Credentials for this host
      </Button>
    </Group>
  );
}

/**
 * Counts a lockout down from when this card last heard of it (the core gives seconds, not a deadline). Keyed by
 * `retryAfterSec` where it is used, so a new figure from the core starts a new count.
 */
function LockoutWait({ host }: { host: HostView }) {
  const [since] = useState(() => Date.now());
  const now = useNow();
  const left = host.retryAfterSec === null ? null : Math.max(0, host.retryAfterSec - Math.floor((now - since) / 1000));
  return (
    <Text size="xs" className="fl-tabular">
      {left === null ? 'Wait before trying again.' : left > 0 ? `Fieldlink tries again in ${seconds(left)}.` : 'Trying again now…'}
    </Text>
  );
}

function RefreshButton({ host }: { host: HostView }) {
  const api = useApi();
  const name = host.name || host.id;
  return (
    <Button
      size="compact-xs"
      variant="default"
      onClick={() => void attempt(`Could not reach ${name}`, () => api['hosts.refresh']({ hostId: host.id })) /* attempt notifies the failure */}
      aria-label={`Try again: ${name}`}
    >
      Try again
    </Button>
  );
}

export function AccessPanel({ host }: { host: HostView }) {
  const api = useApi();
  const name = host.name || host.id;
  const message = host.accessMessage ? <Text size="xs">{host.accessMessage}</Text> : null;

  switch (host.access) {
    case 'checking':
      return (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">Checking {name}…</Text>
        </Group>
      );
    case 'needs-credentials':
      return (
        <Alert color="yellow" p="xs" icon={<IconKey size={16} />} title="Needs credentials">
          <Stack gap={6}>
            <Text size="xs">Fieldlink found this host but cannot sign in yet. Enter the site credentials once, or credentials for this host only.</Text>
            <CredentialButtons host={host} />
          </Stack>
        </Alert>
      );
    case 'auth-failed':
      return (
        <Alert color="red" p="xs" icon={<IconKey size={16} />} title="Sign-in failed">
          <Stack gap={6}>
            {message ?? <Text size="xs">The host refused the username or password.</Text>}
            <CredentialButtons host={host} />
          </Stack>
        </Alert>
      );
    case 'locked-out':
      return (
        <Alert color="orange" p="xs" icon={<IconLock size={16} />} title="Locked out">
          <Stack gap={4}>
            {message ?? <Text size="xs">Too many failed sign-ins.</Text>}
            <LockoutWait key={host.retryAfterSec ?? 'none'} host={host} />
          </Stack>
        </Alert>
      );
    case 'needs-trust':
      return (
        <Alert color="blue" p="xs" icon={<IconCertificate size={16} />} title="Check the certificate">
          <Stack gap={6}>
            <Text size="xs">First contact. Compare this fingerprint with the one on the host's console before you trust it:</Text>
            <Code block className="fl-fingerprint" aria-label={`Offered certificate fingerprint of ${name}`}>
              {host.offeredFingerprint ?? 'unknown'}
            </Code>
            <Button
              size="compact-xs"
              disabled={!host.offeredFingerprint}
              onClick={
                () => host.offeredFingerprint && void trustCertificate(api, host.id, host.offeredFingerprint) /* trustCertificate notifies its failure */
              }
              aria-label={`Trust certificate of ${name}`}
            >
              Trust certificate
            </Button>
          </Stack>
        </Alert>
      );
    case 'certificate-changed':
      return (
        <Alert
          color="red"
          variant="filled"
          p="xs"
          icon={<IconAlertTriangle size={16} />}
          title="Certificate changed: Fieldlink stopped talking to this host"
          role="alert"
        >
          <Stack gap={6}>
            <Text size="xs">
              This address now answers with a different certificate than the one you trusted. That happens when the host was reinstalled or its certificate
              renewed, but it is also what another device pretending to be this host looks like. Ask whoever set up the host before you trust the new one.
            </Text>
            <Button
              size="compact-xs"
              color="red"
              variant="white"
              onClick={() => openDialog({ kind: 'trust-changed-certificate', hostId: host.id })}
              aria-label={`Trust the new certificate of ${name}`}
            >
              Trust the new certificate…
            </Button>
          </Stack>
        </Alert>
      );
    case 'unreachable':
      return (
        <Alert color="gray" p="xs" icon={<IconPlugConnectedX size={16} />} title="Unreachable">
          <Stack gap={6}>
            {message ?? <Text size="xs">The host does not answer. Check that it is powered on and on this network.</Text>}
            <RefreshButton host={host} />
          </Stack>
        </Alert>
      );
    case 'ok':
      return (
        <Alert color="gray" p="xs" icon={<IconPlugConnectedX size={16} />} title="Offline">
          <Stack gap={6}>
            <Text size="xs">The host stopped answering. Its last known state is shown above; Fieldlink keeps checking.</Text>
            <RefreshButton host={host} />
          </Stack>
        </Alert>
      );
  }
}

/** True when the card should show AccessPanel instead of the role's linking view. */
export function needsAttention(host: HostView): boolean {
  return host.access !== 'ok' || !host.online;
}
