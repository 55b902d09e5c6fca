// @vitest-environment jsdom
import '../../../test-kit/setup';
import { notifications } from '@mantine/notifications';
import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActionLogEntry, PlanApplyResult, PlanCheck } from '../../../../shared/contract';
import { settings, task } from '../../../test-kit/fixtures';
import { renderApp } from '../../../test-kit/render';
import { initialPlansState, usePlansStore } from './plans-store';

const pending: PlanCheck = {
  file: '/plans/store42.yaml',
  site: 'Store 42',
  prune: false,
  problems: [],
  matches: false,
  actions: [
    {
      kind: 'make-leader',
      hostId: 'edge-a',
      hostName: 'store42-a',
      leaderId: 'edge-a',
      leaderName: 'store42-a',
      file: null,
      line: 4,
      description: 'Make store42-a the leader (start its token generation).',
    },
    {
      kind: 'link',
      hostId: 'edge-b',
      hostName: 'store42-b',
      leaderId: 'edge-a',
      leaderName: 'store42-a',
      file: null,
      line: 5,
      description: 'Link store42-b to store42-a.',
    },
  ],
  blocked: [
    {
      ref: 'store42-c',
      hostId: 'edge-c',
      name: 'store42-c',
      line: 5,
      reasons: ["store42-c's certificate has not been trusted yet: check its fingerprint and trust it first."],
    },
  ],
  groups: [
    {
      leader: { ref: 'store42-a', hostId: 'edge-a', name: 'store42-a', state: 'change', note: 'Will be made the leader.' },
      followers: [
        { ref: 'store42-b', hostId: 'edge-b', name: 'store42-b', state: 'change', note: 'Will be linked to store42-a.', sync: null },
        { ref: 'store42-c', hostId: 'edge-c', name: 'store42-c', state: 'blocked', note: 'Certificate not trusted.', sync: null },
        { ref: 'store42-d', hostId: 'edge-d', name: 'store42-d', state: 'ok', note: 'Linked to store42-a.', sync: 'Completed' },
      ],
      content: [],
    },
  ],
};

const matching: PlanCheck = { ...pending, actions: [], blocked: [], matches: true, groups: [] };

const logEntries: ActionLogEntry[] = [
  {
    time: '2026-11-30T01:00:00.000Z',
    action: 'make-leader',
    title: 'Make store42-a the leader',
    hosts: [{ id: 'edge-a', name: 'store42-a', result: 'succeeded', message: null }],
    result: 'succeeded',
    reason: null,
  },
  {
    time: '2026-11-30T01:01:00.000Z',
    action: 'link',
    title: 'Link 2 hosts to store42-a',
    hosts: [{ id: 'edge-c', name: 'store42-c', result: 'refused', message: 'Not trusted.' }],
    result: 'failed',
    reason: 'Not trusted.',
  },
];

beforeEach(() => {
  usePlansStore.setState({ ...initialPlansState, technician: null });
  // The app shows three notifications at a time: those an earlier test left (a failed task stays) would hide the next.
  notifications.clean();
});

describe('plans drawer', () => {
  it('checks a typed plan, shows it beside the site with what blocks, and applies it with one action', async () => {
    const { fake, user } = await renderApp();
    fake.respond('plan.check', () => pending);
    fake.respond('plan.apply', () => {
      // The core answers with the task at once and ends it later.
      setTimeout(
        () => fake.emit('tasks.ended', task('apply-1', { kind: 'apply-plan', state: 'succeeded', phase: 'The site matches the plan (2 tasks ran).' })),
        10,
      );
      return { taskId: 'apply-1' };
    });
    fake.respond('plan.result', (): PlanApplyResult => ({ before: pending, after: matching, taskIds: ['t1', 't2'], tasks: [], error: null }));
    fake.respond('log.list', () => []);
    await user.click(screen.getByRole('button', { name: 'Plans, report and action log' }));
    const drawer = screen.getByRole('dialog', { name: 'Site plan and report' });
    await user.type(within(drawer).getByRole('textbox', { name: /Plan file/ }), '/plans/store42.yaml');
    await user.click(within(drawer).getByRole('button', { name: 'Check plan' }));
    expect(fake.callsOf('plan.check')).toEqual([{ path: '/plans/store42.yaml', prune: false }]);
    const group = await within(drawer).findByRole('region', { name: 'Group of store42-a' });
    expect(within(group).getAllByText('Will change')).toHaveLength(2);
    expect(within(group).getByText('Blocked')).toBeInTheDocument();
    expect(within(group).getByText('Already true')).toBeInTheDocument();
    const actions = within(drawer).getByRole('region', { name: 'Actions to take' });
    expect(
      within(actions)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Make store42-a the leader (start its token generation).', 'Link store42-b to store42-a.']);
    expect(within(drawer).getByRole('region', { name: 'What blocks' })).toHaveTextContent(/store42-c \(line 5\): .*not been trusted/);
    await user.click(within(drawer).getByRole('button', { name: 'Apply plan' }));
    expect(fake.callsOf('plan.apply')).toEqual([{ path: '/plans/store42.yaml', prune: false }]);
    expect(await within(drawer).findByRole('status')).toHaveTextContent('Applied: 0 tasks ran; the site matches the plan.');
    expect(within(drawer).getByRole('button', { name: 'Apply plan' })).toBeDisabled();
  });

  it('says why an apply failed before it finished, with the tasks it ran', async () => {
    const { fake, user } = await renderApp();
    fake.respond('plan.check', () => pending);
    fake.respond('plan.apply', () => {
      setTimeout(() => fake.emit('tasks.ended', task('apply-2', { kind: 'apply-plan', state: 'failed' })), 10);
      return { taskId: 'apply-2' };
    });
    fake.respond('plan.result', (): PlanApplyResult => ({
      before: pending,
      after: null,
      taskIds: ['t1'],
      tasks: [task('t1', { kind: 'make-leader', state: 'succeeded' })],
      error: 'store42-b is busy with another task.',
    }));
    fake.respond('log.list', () => []);
    usePlansStore.getState().open('plan');
    const drawer = await screen.findByRole('dialog', { name: 'Site plan and report' });
    await user.type(within(drawer).getByRole('textbox', { name: /Plan file/ }), '/plans/store42.yaml');
    await user.click(within(drawer).getByRole('button', { name: 'Check plan' }));
    await within(drawer).findByRole('region', { name: 'Group of store42-a' });
    await user.click(within(drawer).getByRole('button', { name: 'Apply plan' }));
    expect(await within(drawer).findByRole('status')).toHaveTextContent(
      'The apply failed after 1 task: store42-b is busy with another task. Fix that and apply again.',
    );
  });

  it('shows a bad plan with its lines and offers no apply', async () => {
    const { fake, user } = await renderApp();
    fake.respond('plan.check', () => ({ ...pending, actions: [], blocked: [], groups: [], problems: [{ line: 7, message: 'Unknown host "store42-z".' }] }));
    usePlansStore.getState().open('plan');
    const drawer = await screen.findByRole('dialog', { name: 'Site plan and report' });
    await user.type(within(drawer).getByRole('textbox', { name: /Plan file/ }), '/plans/bad.yaml');
    await user.click(within(drawer).getByRole('button', { name: 'Check plan' }));
    expect(await within(drawer).findByRole('alert', { name: 'Plan problems' })).toHaveTextContent('Line 7: Unknown host "store42-z".');
    expect(within(drawer).getByRole('button', { name: 'Apply plan' })).toBeDisabled();
  });

  it('exports the report with the technician name, and the plan', async () => {
    const { fake, user } = await renderApp();
    fake.respond('report.export', (input) => ({ format: input.format, text: '<html></html>' }));
    fake.respond('plan.export', () => ({ text: 'version: 1\n' }));
    URL.createObjectURL = () => 'blob:report';
    URL.revokeObjectURL = () => {};
    usePlansStore.getState().open('report');
    const drawer = await screen.findByRole('dialog', { name: 'Site plan and report' });
    await user.type(within(drawer).getByRole('textbox', { name: /Technician/ }), 'A. Tech');
    await user.click(within(drawer).getByRole('radio', { name: 'CSV' }));
    await user.click(within(drawer).getByRole('button', { name: 'Export report' }));
    await waitFor(() => expect(fake.callsOf('report.export')).toEqual([{ format: 'csv', technician: 'A. Tech' }]));
    expect(localStorage.getItem('fieldlink.report.technician')).toBeNull();
    usePlansStore.getState().setView('plan');
    await user.click(await within(drawer).findByRole('button', { name: 'Export plan' }));
    await waitFor(() => expect(fake.callsOf('plan.export')).toHaveLength(1));
  });

  it('prefills the technician from the setting and leaves the default to the core', async () => {
    const { fake, user } = await renderApp();
    fake.respond('report.export', (input) => ({ format: input.format, text: '{}' }));
    URL.createObjectURL = () => 'blob:report';
    URL.revokeObjectURL = () => {};
    act(() => fake.emit('settings.changed', { ...settings, technician: 'B. Field' }));
    usePlansStore.getState().open('report');
    const drawer = await screen.findByRole('dialog', { name: 'Site plan and report' });
    expect(within(drawer).getByRole('textbox', { name: /Technician/ })).toHaveValue('B. Field');
    await user.click(within(drawer).getByRole('radio', { name: 'JSON' }));
    await user.click(within(drawer).getByRole('button', { name: 'Export report' }));
    // Neither name nor site: the core puts the technician setting and the open site on the report.
    await waitFor(() => expect(fake.callsOf('report.export')).toEqual([{ format: 'json' }]));
  });

  it('offers Save as PDF only in the desktop app', async () => {
    const { user } = await renderApp();
    usePlansStore.getState().open('report');
    const drawer = await screen.findByRole('dialog', { name: 'Site plan and report' });
    await user.click(within(drawer).getByRole('radio', { name: 'HTML' }));
    expect(within(drawer).getByRole('button', { name: 'Export report' })).toBeInTheDocument();
    expect(within(drawer).queryByRole('button', { name: 'Save as PDF' })).toBeNull();
  });

  it("saves the report as PDF in the desktop app, with the technician and the plan's site, and says where", async () => {
    // What the preload defines in the desktop app; the calls themselves go to the fake core as ever.
    Object.defineProperty(window, 'fieldlink', { value: {}, configurable: true });
    try {
      const { fake, user } = await renderApp();
      fake.respond('report.savePdf', () => ({ path: '/home/tech/Documents/Commissioning report - Store 42 - 2026-11-30.pdf' }));
      usePlansStore.getState().set({ check: { ...pending, site: 'Store 42' } });
      usePlansStore.getState().open('report');
      const drawer = await screen.findByRole('dialog', { name: 'Site plan and report' });
      await user.type(within(drawer).getByRole('textbox', { name: /Technician/ }), 'A. Tech');
      await user.click(within(drawer).getByRole('button', { name: 'Save as PDF' }));
      await waitFor(() => expect(fake.callsOf('report.savePdf')).toEqual([{ technician: 'A. Tech', site: 'Store 42' }]));
      expect(await screen.findByText('/home/tech/Documents/Commissioning report - Store 42 - 2026-11-30.pdf')).toBeInTheDocument();
    } finally {
      Reflect.deleteProperty(window, 'fieldlink');
    }
  });

  it('shows the action log as a timeline, newest first, with filters', async () => {
    const { fake, user } = await renderApp();
    fake.respond('log.list', () => logEntries);
    usePlansStore.getState().open('log');
    const drawer = await screen.findByRole('dialog', { name: 'Site plan and report' });
    const timeline = await within(drawer).findByRole('list', { name: 'Action log' });
    await waitFor(() => expect(within(timeline).getAllByRole('article')).toHaveLength(2));
    expect(within(timeline).getAllByRole('article')[0]).toHaveAccessibleName('link: Link 2 hosts to store42-a');
    await user.selectOptions(within(drawer).getByRole('combobox', { name: 'Result' }), 'succeeded');
    expect(within(timeline).getAllByRole('article')).toHaveLength(1);
    expect(within(timeline).getByRole('article')).toHaveAccessibleName('make-leader: Make store42-a the leader');
    await user.selectOptions(within(drawer).getByRole('combobox', { name: 'Result' }), '');
    await user.type(within(drawer).getByRole('textbox', { name: 'Host' }), 'store42-c');
    expect(within(timeline).getAllByRole('article')).toHaveLength(1);
    expect(within(timeline).getByText('Not trusted.', { selector: 'p' })).toBeInTheDocument();
  });
});
