// @vitest-environment jsdom
import '../../../test-kit/setup';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { settings } from '../../../test-kit/fixtures';
import { renderApp } from '../../../test-kit/render';

describe('settings dialog: technician', () => {
  it('shows the technician setting and saves the edited name', async () => {
    const { user, fake } = await renderApp();
    act(() => fake.emit('settings.changed', { ...settings, technician: 'A. Tech' }));
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    const field = within(dialog).getByRole('textbox', { name: /Technician/ });
    expect(field).toHaveValue('A. Tech');
    await user.clear(field);
    await user.type(field, '  B. Field ');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(fake.callsOf('settings.set')).toEqual([expect.objectContaining({ technician: 'B. Field' })]);
  });

  it('leaves the technician out of the save when it was not edited', async () => {
    const { user, fake } = await renderApp();
    act(() => fake.emit('settings.changed', { ...settings, technician: 'A. Tech' }));
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(fake.callsOf('settings.set')).toHaveLength(1);
    expect(fake.callsOf('settings.set')[0]).not.toHaveProperty('technician');
  });
});
