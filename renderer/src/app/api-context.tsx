// The console api reaches components through context, never through a module import, so tests and the benchmark
// hand in a fake and the real bridge is chosen once, in main.tsx.
import { createContext, useContext, type ReactNode } from 'react';
import type { ConsoleApi } from '../../../shared/contract';

const ApiContext = createContext<ConsoleApi | null>(null);

export function ApiProvider({ api, children }: { api: ConsoleApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): ConsoleApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiProvider>');
  return api;
}
