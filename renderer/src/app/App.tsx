// The whole console: providers, then the shell. main.tsx, the tests and the benchmark all mount this with their
// own api (the bridge, a fake, a simulated 200-host site).
import './mantine-styles';
import '../styles.css';
import { AppShell, MantineProvider } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { spotlight } from '@mantine/spotlight';
import { Notifications } from '@mantine/notifications';
import { Suspense, useEffect } from 'react';
import type { ConsoleApi } from '../../../shared/contract';
import type { CardSlots } from '../features/dashboard/card-slots';
import { SiteView } from '../features/dashboard/SiteView';
import { TaskCentre } from '../features/tasks/TaskCentre';
import { UploadsProvider } from '../features/uploads/UploadsProvider';
import { usePlansStore } from '../features/plans/plans-store';
import { closeEveryDialog, DialogHost } from './DialogHost';
import { Deferred, lazyPreload, preloadAll, preloadWhenIdle } from '../ui/lazy-preload';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { installFocusKeeper } from '../ui/focus-keeper';
import { useTaskCentreStore } from '../features/tasks/task-centre-store';
import { ApiProvider } from './api-context';
import { ConnectionBanner } from './ConnectionBanner';
import type { ConnectionSource } from './connection-store';
import { Header } from './Header';
import { startSync } from './sync';
import { theme } from './theme';
import { ThemeSync } from './ThemeSync';
import type { Schedule } from '../lib/frame-batch';

// The palette registers Ctrl+K itself; its chunk arrives once the page is idle after the first paint (below).
const CommandPalette = lazyPreload(() => import('../features/palette/CommandPalette').then((m) => m.CommandPalette));
const PlansDrawer = lazyPreload(() => import('../features/plans/PlansDrawer').then((m) => m.PlansDrawer));

export interface AppProps {
  api: ConsoleApi;
  connection?: ConnectionSource;
  /** 'test' turns off transitions and portals (Mantine), for jsdom. */
  env?: 'default' | 'test';
  schedule?: Schedule;
  cardSlots?: CardSlots;
  /** For the CSP nonce Electron puts on the page (meta csp-nonce); Mantine adds it to the <style> it injects. */
  styleNonce?: string;
}

export function App({ api, connection, env = 'default', schedule, cardSlots = {}, styleNonce }: AppProps) {
  // Here rather than in the lazily loaded palette: the Spotlight store keeps the request until the palette mounts.
  useHotkeys([
    [
      'mod+K',
      () => {
        spotlight.open();
        void preloadAll(); // a chunk that fails to arrive is reported where it renders (React.lazy throws there)
      },
    ],
  ]);
  const plansWanted = usePlansStore((s) => s.opened);
  useEffect(() => startSync(api, { connection, schedule }), [api, connection, schedule]);
  // Split chunks are fetched once the first render is on screen and the page is idle, never before.
  useEffect(() => preloadWhenIdle(), []);
  useEffect(() => installFocusKeeper(), []);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" env={env} getStyleNonce={styleNonce ? () => styleNonce : undefined}>
      <ErrorBoundary area="the window">
        <ApiProvider api={api}>
          <UploadsProvider slots={cardSlots}>
            <ThemeSync />
            <Notifications position="bottom-right" limit={3} />
            <Deferred>
              <Suspense fallback={null}>
                <CommandPalette />
              </Suspense>
            </Deferred>
            <ConnectionBanner />
            <AppShell header={{ height: 60 }} padding="md">
              <AppShell.Header>
                <ErrorBoundary area="the header" floating>
                  <Header />
                </ErrorBoundary>
              </AppShell.Header>
              <AppShell.Main>
                <ErrorBoundary area="the site">
                  <SiteView />
                </ErrorBoundary>
              </AppShell.Main>
            </AppShell>
            <ErrorBoundary area="the task centre" floating onReset={() => useTaskCentreStore.getState().setOpened(false)}>
              <TaskCentre />
            </ErrorBoundary>
            <Deferred now={plansWanted}>
              <ErrorBoundary area="the plans" floating onReset={() => usePlansStore.getState().close()}>
                <Suspense fallback={null}>
                  <PlansDrawer />
                </Suspense>
              </ErrorBoundary>
            </Deferred>
            <ErrorBoundary area="this dialog" floating onReset={closeEveryDialog}>
              <DialogHost />
            </ErrorBoundary>
          </UploadsProvider>
        </ApiProvider>
      </ErrorBoundary>
    </MantineProvider>
  );
}
