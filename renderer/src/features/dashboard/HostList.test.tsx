// @vitest-environment jsdom
import '../../../test-kit/setup';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { host, leader, peer } from '../../../test-kit/fixtures';
import { renderApp } from '../../../test-kit/render';
import { useViewStore } from './view-store';

describe('list view', () => {
  it('trusts, makes a leader, links, unlinks and dissolves from the rows', async () => {
    const f = host('edge-2', { role: 'follower', leaderId: 'edge-1' });
    useViewStore.setState({ mode: 'list' });
    const { user, fake } = await renderApp({
      hosts: [
        leader('edge-1', Date.now(), { peers: [peer(f)] }),
        f,
        host('edge-3'),
        host('edge-4', { access: 'needs-trust', sources: ['manual'], offeredFingerprint: 'AB:CD:EF:01:23:45:67:89', role: 'unknown', state: null }),
      ],
    });
    const table = screen.getByRole('table', { name: 'Hosts' });
    expect(within(table).getByLabelText('Offered certificate fingerprint of host-4')).toHaveTextContent('AB:CD:EF:01:23:45:67:89');
    expect(within(table).getByText('certificate to check')).toBeInTheDocument();
    // A host the console works with reads "signed in", never the core's code "ok".
    expect(within(table).getAllByText('signed in')).toHaveLength(3);
    expect(within(table).queryByText('ok')).toBeNull();
    await user.click(within(table).getByRole('button', { name: 'Trust certificate of host-4' }));
    expect(fake.callsOf('certificates.trust')).toEqual([{ hostId: 'edge-4', fingerprint: 'AB:CD:EF:01:23:45:67:89' }]);
    await user.click(within(table).getByRole('button', { name: 'Make leader (Generate token): host-3' }));
    expect(fake.callsOf('link.makeLeader')).toEqual([{ hostId: 'edge-3' }]);
    await user.click(within(table).getByRole('button', { name: 'Link to leader: host-3' }));
    expect(screen.getByRole('dialog', { name: 'Link to leader' })).toBeInTheDocument();
    await user.click(within(screen.getByRole('dialog', { name: 'Link to leader' })).getByRole('button', { name: 'Cancel' }));
    await user.click(within(table).getByRole('button', { name: 'Unlink host-2' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Unlink host-2?' })).getByRole('button', { name: 'Unlink' }));
    expect(fake.callsOf('link.unlink')).toEqual([{ hostId: 'edge-2', fromLeader: false }]);
    await user.click(within(table).getByRole('button', { name: 'Dissolve group of host-1' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Dissolve group of host-1?' })).getByRole('button', { name: 'Dissolve group' }));
    expect(fake.callsOf('link.dissolve')).toEqual([{ leaderId: 'edge-1' }]);
  });
});
