// @vitest-environment jsdom
import '../../../test/setup';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeApi } from '../../../test/fake-api';
import { renderWithProviders } from '../../../test/render';
import { SiteBadge } from './SiteBadge';

describe('the site badge', () => {
  it('names the site worked on and the others kept on this computer', async () => {
    const fake = createFakeApi();
    fake.respond('sites.list', () => ({ current: 'plant-7', sites: ['demo', 'plant-7'] }));
    renderWithProviders(<SiteBadge />, fake);
    expect(await screen.findByText('Site: plant-7')).toBeInTheDocument();
    expect(screen.getByLabelText(/Other sites on this computer: demo\./)).toBeInTheDocument();
  });

  it('stays out of the way while sites are not in use', async () => {
    const fake = createFakeApi();
    fake.respond('sites.list', () => ({ current: null, sites: [] }));
    renderWithProviders(<SiteBadge />, fake);
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByText(/^Site:/)).toBeNull();
  });
});
