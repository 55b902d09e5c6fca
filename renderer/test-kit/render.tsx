import { expect } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import { App } from '../src/app/App';
import { ApiProvider } from '../src/app/api-context';
import type { Schedule } from '../src/lib/frame-batch';
import { useHostsStore } from '../src/entities/hosts/hosts-store';
import { preloadAll } from '../src/ui/lazy-preload';
import { createFakeApi, type FakeApi, type FakeSite } from './fake-api';

/** Applies coalesced events on the next microtask instead of the next frame: tests stay fast and deterministic. */
export const microtask: Schedule = (flush) => {
  let live = true;
  queueMicrotask(() => live && flush());
  return () => {
    live = false;
  };
};

export interface Rendered {
  fake: FakeApi;
  user: ReturnType<typeof userEvent.setup>;
}

/** Mounts the whole console on a fake core and waits for the first load. */
export async function renderApp(site: FakeSite = {}, options: { user?: Parameters<typeof userEvent.setup>[0] } = {}): Promise<Rendered> {
  const fake = createFakeApi(site);
  // The split chunks (dialogs, palette, graph) are in place before the first render, as they are a moment after it
  // in the app: tests see no Suspense.
  await preloadAll();
  // No pause between keystrokes: the suite types a lot, and nothing here depends on typing speed.
  const user = userEvent.setup({ delay: null, ...options.user });
  render(<App api={fake.api} env="test" schedule={microtask} />);
  await waitFor(() => expect(useHostsStore.getState().loaded).toBe(true));
  // A site that arrives is drawn in a transition after the store update (SiteView): wait for its summary strip.
  await waitFor(() => {
    if (Object.keys(useHostsStore.getState().byId).length > 0) expect(document.querySelector('[aria-label="Site summary"]')).not.toBeNull();
  });
  // The grid mounts a screenful of cards over a few frames (see HostGrid).
  await waitFor(() => expect(document.querySelector('[data-card-placeholder]')).toBeNull());
  return { fake, user };
}

export function card(name: string): HTMLElement {
  return screen.getByRole('group', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},`) });
}

/** Mounts one piece of the UI with the providers it needs, without starting the sync. */
export function renderWithProviders(ui: React.ReactNode, fake: FakeApi = createFakeApi()): Rendered {
  const user = userEvent.setup({ delay: null });
  render(
    <MantineProvider env="test">
      <ApiProvider api={fake.api}>{ui}</ApiProvider>
    </MantineProvider>,
  );
  return { fake, user };
}
