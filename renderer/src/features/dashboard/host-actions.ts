// Everything one can do to one host, in one list: the card's menu and the command palette both show it, so the two
// can never offer different things.
import { createElement as h } from 'react';
import type { ConsoleApi, HostView } from '../../../../shared/contract';
import { confirm } from '../../ui/confirm-store';
import { openDialog } from '../../ui/dialog-store';
import { attempt } from '../../ui/notify';
import { clearHostCredentials } from '../credentials/actions';
import { trustCertificate } from '../credentials/certificate-actions';
import { dissolveGroup, makeLeader, stopToken, unlink } from '../linking/actions';
import { copyToken } from '../linking/copy-token';
import { pickLeaderFor } from '../linking/link-flow-store';
import { openUpload } from '../uploads/staging-actions';

export interface HostAction {
  id: string;
  label: string;
  danger?: boolean;
  run(api: ConsoleApi): void | Promise<unknown>;
}

async function forget(api: ConsoleApi, host: HostView): Promise<void> {
  const name = host.name || host.id;
  const ok = await confirm({
    title: `Forget ${name}?`,
    body: h(
      'p',
      null,
      `Fieldlink drops ${name}, its trusted certificate and any credentials for it. If discovery still finds it, it comes back as a new host.`,
    ),
    confirmLabel: 'Forget host',
    danger: true,
  });
  if (ok) await attempt(`Could not forget ${name}`, () => api['hosts.forget']({ hostId: host.id }));
}

export function hostActions(host: HostView): HostAction[] {
  const id = host.id;
  const name = host.name || host.id;
  const list: HostAction[] = [];
  const offered = host.offeredFingerprint;

  if (host.access === 'needs-trust' && offered) {
    list.push({ id: 'trust', label: 'Trust certificate', run: (api) => trustCertificate(api, id, offered) });
  }
  if (host.access === 'certificate-changed') {
    list.push({ id: 'trust-new', label: 'Trust the new certificate…', danger: true, run: () => openDialog({ kind: 'trust-changed-certificate', hostId: id }) });
  }
  if (host.role === 'leader') {
    list.push({ id: 'copy-token', label: 'Copy token', run: (api) => copyToken(api, id, name) });
    if (host.peers.length > 0) {
      list.push({
        id: 'dissolve',
        label: `Dissolve group (unlink ${host.peers.length}, then stop the token)`,
        danger: true,
        run: (api) => dissolveGroup(api, id),
      });
    }
    list.push({ id: 'stop-token', label: 'Stop token generation', danger: true, run: (api) => stopToken(api, id) });
  }
  if (host.role === 'follower') {
    list.push({ id: 'unlink', label: 'Unlink', danger: true, run: (api) => unlink(api, id, false, name, host.leaderId) });
  }
  if (host.role === 'standalone') {
    list.push({ id: 'make-leader', label: 'Make leader (Generate token)', run: (api) => makeLeader(api, id) });
    list.push({ id: 'link-to-leader', label: 'Link to leader…', run: () => pickLeaderFor([id]) });
    list.push({ id: 'link-with-token', label: 'Link this device to another…', run: () => openDialog({ kind: 'link-with-token', hostId: id }) });
  }
  if (host.access === 'ok') {
    list.push({ id: 'upload', label: 'Upload content…', run: () => openUpload(id) });
  }
  // Only ever an https address the core built: a host's own words never become a URL to open. In Electron the
  // shell opens it in a locked-down window that accepts only the pinned certificate.
  if (host.url.startsWith('https://')) {
    list.push({ id: 'open-local-ui', label: 'Open Local UI', run: () => void window.open(host.url, '_blank', 'noopener,noreferrer') });
  }
  list.push({
    id: 'pin',
    label: host.pinned ? 'Unpin' : 'Pin to the top',
    run: (api) => attempt(`Could not pin ${name}`, () => api['hosts.pin']({ hostId: id, pinned: !host.pinned })),
  });
  list.push({ id: 'refresh', label: 'Refresh now', run: (api) => attempt(`Could not refresh ${name}`, () => api['hosts.refresh']({ hostId: id })) });
  list.push({ id: 'host-credentials', label: 'Credentials for this host…', run: () => openDialog({ kind: 'host-credentials', hostId: id }) });
  if (host.credentialOverride) {
    list.push({
      id: 'clear-credentials',
      label: 'Use site credentials',
      run: (api) => clearHostCredentials(api, id),
    });
  }
  list.push({ id: 'forget', label: 'Forget host', danger: true, run: (api) => forget(api, host) });
  return list;
}
