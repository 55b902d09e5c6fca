// @vitest-environment jsdom
import '../../../test-kit/setup';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { host } from '../../../test-kit/fixtures';
import { renderWithProviders } from '../../../test-kit/render';
import { createFakeApi } from '../../../test-kit/fake-api';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { ReviewCertificatesButton } from './ReviewCertificates';

const fp = (i: number) => Array.from({ length: 32 }, (_, j) => ((i * 7 + j) % 256).toString(16).padStart(2, '0').toUpperCase()).join(':');

function site(newHosts: number) {
  const hosts = [
    ...Array.from({ length: newHosts }, (_, i) => host(`edge-${i + 1}`, { access: 'needs-trust', fingerprint: null, offeredFingerprint: fp(i + 1) })),
    host('edge-900', { access: 'certificate-changed', fingerprint: fp(900), offeredFingerprint: fp(901) }),
    host('edge-901', { access: 'ok' }),
  ];
  useHostsStore.getState().replaceAll(hosts);
  return hosts;
}

describe.each([10, 50])('reviewing %i new certificates at once', (n) => {
  it('lists every new host with address, name and fingerprint, and trusts the ticked ones in one confirmation', async () => {
    site(n);
    const fake = createFakeApi();
    fake.respond('certificates.trustMany', ({ hosts }) => hosts.map((h) => ({ hostId: h.hostId, name: h.hostId, trusted: true, message: null })));
    const { user } = renderWithProviders(<ReviewCertificatesButton />, fake);
    await user.click(screen.getByRole('button', { name: `Review ${n} new certificates` }));
    const dialog = screen.getByRole('dialog', { name: 'Review new certificates' });
    const table = within(dialog).getByRole('table', { name: 'New certificates' });
    // One row per new host; the changed certificate is not among them, and says why.
    expect(within(table).getAllByRole('checkbox')).toHaveLength(n);
    for (let i = 1; i <= n; i++) {
      expect(within(table).getByLabelText(`Fingerprint of host-${i}`)).toHaveTextContent(fp(i));
      expect(within(table).getByText(`10.0.0.${i}:5080`)).toBeInTheDocument();
    }
    expect(within(table).queryByText('host-900')).toBeNull();
    expect(dialog).toHaveTextContent('1 host has a changed certificate');
    // The technician unticks the two that do not match, then confirms once.
    await user.click(within(table).getByRole('checkbox', { name: 'Trust host-2 at 10.0.0.2:5080' }));
    await user.click(within(table).getByRole('checkbox', { name: 'Trust host-5 at 10.0.0.5:5080' }));
    expect(dialog).toHaveTextContent(`${n - 2} of ${n} ticked`);
    await user.click(within(dialog).getByRole('button', { name: `Trust ${n - 2} hosts` }));
    const calls = fake.callsOf('certificates.trustMany');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.hosts).toHaveLength(n - 2);
    expect(calls[0]!.hosts.map((h) => h.hostId)).not.toContain('edge-2');
    expect(calls[0]!.hosts.find((h) => h.hostId === 'edge-7')).toEqual({ hostId: 'edge-7', fingerprint: fp(7) });
    expect(calls[0]!.hosts.map((h) => h.hostId)).not.toContain('edge-900');
    // The dialog closes once the core's answer is in, a render after the click: on a loaded machine not yet at once.
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.callsOf('certificates.trust')).toEqual([]);
  });
});

describe('a bulk trust the core partly refuses', () => {
  it('stays open and says which hosts were not trusted and why', async () => {
    site(3);
    const fake = createFakeApi();
    fake.respond('certificates.trustMany', ({ hosts }) =>
      hosts.map((h) =>
        h.hostId === 'edge-3'
          ? { hostId: h.hostId, name: 'host-3', trusted: false, message: 'host-3 now presents another certificate than the fingerprint you checked.' }
          : { hostId: h.hostId, name: h.hostId, trusted: true, message: null },
      ),
    );
    const { user } = renderWithProviders(<ReviewCertificatesButton />, fake);
    await user.click(screen.getByRole('button', { name: 'Review 3 new certificates' }));
    await user.click(screen.getByRole('button', { name: 'Trust 3 hosts' }));
    expect(await screen.findByText('host-3: host-3 now presents another certificate than the fingerprint you checked.')).toBeInTheDocument();
    expect(screen.getByText('Some hosts were not trusted')).toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Review new certificates' })).toBeInTheDocument();
  });

  it('shows no button when no certificate waits for review', () => {
    useHostsStore.getState().replaceAll([host('edge-1'), host('edge-2', { access: 'certificate-changed', offeredFingerprint: fp(2) })]);
    renderWithProviders(<ReviewCertificatesButton />);
    expect(screen.queryByRole('button', { name: /Review/ })).toBeNull();
  });
});
