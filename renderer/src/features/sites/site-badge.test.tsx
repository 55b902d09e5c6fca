// @vitest-environment jsdom
import '../../../test-kit/setup';
import { notifications } from '@mantine/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SitesView } from '../../../../shared/contract';
import { host } from '../../../test-kit/fixtures';
import { createFakeApi } from '../../../test-kit/fake-api';
import { renderApp, renderWithProviders } from '../../../test-kit/render';
import { SiteBadge } from './SiteBadge';
import { siteNameProblem } from './NewSiteDialog';
import { useSitesStore } from './sites-store';

const plant: SitesView = { current: 'plant-7', sites: ['demo', 'plant-7'], hostCounts: { '': 0, demo: 6, 'plant-7': 1 } };

afterEach(() => {
  useSitesStore.setState({ view: null, newSiteOpen: false });
  // Notifications are global: those of one test must not fill the three places the next one needs.
  notifications.clean();
  notifications.cleanQueue();
});

describe('the site switcher', () => {
  it('names the site worked on and lists every site with its host count', async () => {
    const fake = createFakeApi();
    fake.respond('sites.list', () => plant);
    const { user } = renderWithProviders(<SiteBadge />, fake);
    const target = await screen.findByRole('button', { name: 'Site: plant-7. Switch site' });
    await user.click(target);
    const menu = await screen.findByRole('menu');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((i) => i.textContent),
    ).toEqual(['demo, 6 hosts', 'plant-7, 1 host, current site', 'New site…']);
    await user.click(within(menu).getByRole('menuitem', { name: 'demo, 6 hosts' }));
    expect(fake.callsOf('sites.switch')).toEqual([{ site: 'demo' }]);
  });

  it('is driven by the keyboard alone', async () => {
    const fake = createFakeApi();
    fake.respond('sites.list', () => plant);
    fake.respond('sites.switch', () => ({ ...plant, current: 'demo' }));
    const { user } = renderWithProviders(<SiteBadge />, fake);
    const target = await screen.findByRole('button', { name: 'Site: plant-7. Switch site' });
    target.focus();
    await user.keyboard('{Enter}');
    await screen.findByRole('menu');
    // Focus starts on the first site; the arrows move between sites.
    await waitFor(() => expect(document.activeElement?.textContent).toBe('demo, 6 hosts'));
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('plant-7, 1 host, current site'));
    await user.keyboard('{ArrowUp}');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('demo, 6 hosts'));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(fake.callsOf('sites.switch')).toEqual([{ site: 'demo' }]));
    expect(await screen.findByRole('button', { name: 'Site: demo. Switch site' })).toBeInTheDocument();
  });

  it('makes a new site from a name, and says why a name cannot be one', async () => {
    const fake = createFakeApi();
    fake.respond('sites.list', () => plant);
    fake.respond('sites.switch', () => ({ current: 'plant-9', sites: ['demo', 'plant-7', 'plant-9'], hostCounts: { 'plant-9': 0 } }));
    const { user } = renderWithProviders(<SiteBadge />, fake);
    await user.click(await screen.findByRole('button', { name: 'Site: plant-7. Switch site' }));
    await user.click(await screen.findByRole('menuitem', { name: 'New site…' }));
    const dialog = await screen.findByRole('dialog', { name: 'New site' });
    const field = within(dialog).getByRole('textbox', { name: /Site name/ });
    await user.type(field, 'Demo');
    expect(within(dialog).getByText('A site named demo exists already: choose it from the site menu.')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Create and switch' })).toBeDisabled();
    await user.clear(field);
    await user.type(field, 'Plant 9{Enter}');
    await waitFor(() => expect(fake.callsOf('sites.switch')).toEqual([{ site: 'Plant 9', create: true }]));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'New site' })).toBeNull());
    expect(await screen.findByRole('button', { name: 'Site: plant-9. Switch site' })).toBeInTheDocument();
  });

  it('checks names the way the core does', () => {
    expect(siteNameProblem('', [])).toBeNull();
    expect(siteNameProblem('Plant 7', [])).toBeNull();
    expect(siteNameProblem('-x', [])).toMatch(/starting with a letter or digit/);
    expect(siteNameProblem('a/b', [])).toMatch(/letters, digits/);
    expect(siteNameProblem('Plant 7', ['plant-7'])).toMatch(/exists already/);
  });
});

describe('switching in the whole console', () => {
  it('loads the other site at once: the old site hosts leave the dashboard', async () => {
    let hosts = [host('edge-1'), host('edge-2')];
    const { fake, user } = await renderApp({});
    fake.respond('hosts.list', () => hosts);
    fake.respond('sites.list', () => plant);
    fake.respond('sites.switch', () => {
      hosts = [host('edge-9')];
      const next = { ...plant, current: 'demo' };
      // As the core does: the event once the other site is open, then the answer.
      queueMicrotask(() => fake.emit('site.changed', next));
      return next;
    });
    fake.emit('site.changed', plant);
    await screen.findByRole('group', { name: /^host-1,/ });
    await user.click(await screen.findByRole('button', { name: 'Site: plant-7. Switch site' }));
    await user.click(await screen.findByRole('menuitem', { name: 'demo, 6 hosts' }));
    await screen.findByRole('group', { name: /^host-9,/ });
    expect(screen.queryByRole('group', { name: /^host-1,/ })).toBeNull();
    expect(screen.queryByRole('group', { name: /^host-2,/ })).toBeNull();
  });

  it('suggests a new site on a network the site was never on, and remembers the answer "same site"', async () => {
    const { fake, user } = await renderApp({});
    fake.respond('sites.networks', () => ({ site: 'plant-7', newNetworks: ['10.9.0.0/24'] }));
    fake.respond('sites.list', () => plant);
    fake.emit('site.changed', plant);
    expect(await screen.findByText(/This laptop is on 10\.9\.0\.0\/24, where the site plant-7 was never worked on/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Same site' }));
    await waitFor(() => expect(fake.callsOf('sites.keepNetworks')).toEqual([{ networks: ['10.9.0.0/24'] }]));
  });

  it('opens New site from the suggestion', async () => {
    const { fake, user } = await renderApp({});
    fake.respond('sites.networks', () => ({ site: null, newNetworks: ['192.168.1.0/24'] }));
    fake.emit('site.changed', { current: null, sites: [] });
    await user.click(await screen.findByRole('button', { name: 'New site…' }));
    expect(await screen.findByRole('dialog', { name: 'New site' })).toBeInTheDocument();
  });
});
