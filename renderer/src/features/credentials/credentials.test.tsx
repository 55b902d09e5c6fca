// @vitest-environment jsdom
import '../../../test-kit/setup';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { host } from '../../../test-kit/fixtures';
import { card, renderApp } from '../../../test-kit/render';
import { useCredentialsStore } from './credentials-store';

const FP_OLD = 'AA:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF';
const FP_NEW = 'BB:99:88:77:66:55:44:33:22:11:00:FF:EE:DD:CC:BB';

describe('credentials and certificates', () => {
  it('shows a discovered host before any credential, says it needs them, and sends site credentials once', async () => {
    const { user, fake } = await renderApp({ hosts: [host('edge-1', { access: 'needs-credentials', role: 'unknown', state: null })] });
    const c = within(card('host-1'));
    expect(c.getByText('Needs credentials')).toBeInTheDocument();
    // No role tag until the role is read: "unknown" beside the address read as an unknown host.
    expect(c.queryByText('unknown')).toBeNull();
    await user.click(c.getByRole('button', { name: 'Enter site credentials' }));
    const dialog = screen.getByRole('dialog', { name: 'Site credentials' });
    expect(within(dialog).getByText(/Stored encrypted on this computer/)).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText(/Username/), 'kairos');
    const password = within(dialog).getByLabelText(/Password/) as HTMLInputElement;
    await user.type(password, 's3cret!');
    await user.click(within(dialog).getByRole('button', { name: 'Save for every host' }));
    expect(fake.callsOf('credentials.setSite')).toEqual([{ username: 'kairos', password: 's3cret!' }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(JSON.stringify(useCredentialsStore.getState())).not.toContain('s3cret!');
    expect(screen.getByRole('button', { name: 'Site login: kairos' })).toBeInTheDocument();
  });

  it('says where the password is kept: encrypted by the desktop app, in memory by the browser console', async () => {
    const { user } = await renderApp({ hosts: [host('edge-1')], credentials: { siteSet: false, siteUser: null, hostOverrides: [], saved: false } });
    await user.click(screen.getByRole('button', { name: 'Site credentials' }));
    const dialog = screen.getByRole('dialog', { name: 'Site credentials' });
    expect(within(dialog).getByText(/Kept in memory until this console stops/)).toBeInTheDocument();
    expect(within(dialog).queryByText(/Stored encrypted/)).toBeNull();
  });

  it('says in the header when hosts refuse the site credentials, not only on each card', async () => {
    const refused = { access: 'auth-failed' as const, role: 'unknown' as const, state: null };
    await renderApp({
      hosts: [host('edge-1', refused), host('edge-2', refused), host('edge-3', { ...refused, credentialOverride: true }), host('edge-4')],
      credentials: { siteSet: true, siteUser: 'kairos', hostOverrides: ['edge-3'] },
    });
    // Its own credentials refused: that host's card says so; the site login is refused by the other two.
    expect(screen.getByRole('button', { name: 'Site login: kairos · refused by 2 hosts' })).toBeInTheDocument();
  });

  it('drops the password from the form as soon as it is submitted, even when the core refuses', async () => {
    const { user, fake } = await renderApp({ hosts: [host('edge-1', { access: 'auth-failed', accessMessage: 'The host refused the password for kairos.' })] });
    const { ConsoleError } = await import('../../../../shared/errors');
    fake.respond('credentials.setHost', () => {
      throw new ConsoleError('invalid-input', 'The username is too long.');
    });
    const c = within(card('host-1'));
    expect(c.getByText('Sign-in failed')).toBeInTheDocument();
    expect(c.getByText('The host refused the password for kairos.')).toBeInTheDocument();
    await user.click(c.getByRole('button', { name: 'Credentials for this host: host-1' }));
    const dialog = screen.getByRole('dialog', { name: 'Credentials for host-1' });
    await user.type(within(dialog).getByLabelText(/Username/), 'admin');
    await user.type(within(dialog).getByLabelText(/Password/), 'pw-1');
    await user.click(within(dialog).getByRole('button', { name: 'Save for this host' }));
    expect(fake.callsOf('credentials.setHost')).toEqual([{ hostId: 'edge-1', username: 'admin', password: 'pw-1' }]);
    expect(within(dialog).getByLabelText(/Password/)).toHaveValue('');
    expect(await screen.findByText('The username is too long.')).toBeInTheDocument();
  });

  it('shows the offered fingerprint on first contact and trusts exactly that one', async () => {
    const { user, fake } = await renderApp({
      hosts: [host('edge-1', { access: 'needs-trust', sources: ['manual'], offeredFingerprint: FP_NEW, fingerprint: null })],
    });
    const c = within(card('host-1'));
    expect(c.getByLabelText('Offered certificate fingerprint of host-1')).toHaveTextContent(FP_NEW);
    await user.click(c.getByRole('button', { name: 'Trust certificate of host-1' }));
    expect(fake.callsOf('certificates.trust')).toEqual([{ hostId: 'edge-1', fingerprint: FP_NEW }]);
  });

  it('blocks on a changed certificate with a red warning, and trusts the new one only after an explicit acknowledgement', async () => {
    const { user, fake } = await renderApp({ hosts: [host('edge-1', { access: 'certificate-changed', fingerprint: FP_OLD, offeredFingerprint: FP_NEW })] });
    const alert = within(card('host-1')).getByRole('alert');
    expect(alert).toHaveTextContent('Certificate changed');
    expect(alert).toHaveTextContent(/another device pretending to be this host/);
    expect(within(card('host-1')).queryByRole('button', { name: /Make leader/ })).toBeNull();
    await user.click(within(alert).getByRole('button', { name: 'Trust the new certificate of host-1' }));
    const dialog = screen.getByRole('dialog', { name: 'Trust the new certificate of host-1?' });
    expect(dialog).toHaveTextContent(FP_OLD);
    expect(dialog).toHaveTextContent(FP_NEW);
    const trust = within(dialog).getByRole('button', { name: 'Trust the new certificate' });
    expect(trust).toBeDisabled();
    await user.click(within(dialog).getByRole('checkbox', { name: /I checked the new fingerprint/ }));
    await user.click(trust);
    expect(fake.callsOf('certificates.trust')).toEqual([{ hostId: 'edge-1', fingerprint: FP_NEW }]);
  });

  it('shows a lockout with the wait counting down, and an unreachable host with a retry', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { user, fake } = await renderApp({
      hosts: [
        host('edge-1', { access: 'locked-out', retryAfterSec: 90, accessMessage: 'Too many failed sign-ins on host-1.' }),
        // Seen a moment ago: offline but not stale, so its card stays on the site.
        host('edge-2', { access: 'unreachable', online: false, lastSeen: new Date().toISOString(), accessMessage: 'host-2 did not answer at 10.0.0.2:5080.' }),
      ],
    });
    const locked = within(card('host-1'));
    expect(locked.getByText('Locked out')).toBeInTheDocument();
    expect(locked.getByText('Fieldlink tries again in 1:30.')).toBeInTheDocument();
    act(() => {
      vi.advanceTimersByTime(10_000);
    });
    expect(locked.getByText('Fieldlink tries again in 1:20.')).toBeInTheDocument();
    const down = within(card('host-2'));
    expect(down.getByText('host-2 did not answer at 10.0.0.2:5080.')).toBeInTheDocument();
    await user.click(down.getByRole('button', { name: 'Try again: host-2' }));
    expect(fake.callsOf('hosts.refresh')).toEqual([{ hostId: 'edge-2' }]);
    // The card follows the host when it comes back.
    act(() => fake.emit('hosts.changed', { upserted: [host('edge-2')], removed: [] }));
    expect(await within(card('host-2')).findByRole('button', { name: 'Make leader (Generate token): host-2' })).toBeInTheDocument();
  });
});
