// What the plans drawer shows: the plan chosen and its comparison with the site, the last apply, the action log
// with its filters, and the technician's name typed for the next report (null: the technician setting is used).
import { create } from 'zustand';
import type { ActionLogEntry, PlanApplyResult, PlanCheck } from '../../../../shared/contract';

export type PlansView = 'plan' | 'report' | 'log';

export interface LogFilter {
  action: string | null;
  result: string | null;
  host: string;
}

interface PlansState {
  opened: boolean;
  view: PlansView;
  planPath: string | null;
  prune: boolean;
  check: PlanCheck | null;
  checking: boolean;
  applying: boolean;
  applied: PlanApplyResult | null;
  log: ActionLogEntry[];
  logLoading: boolean;
  filter: LogFilter;
  /** What the report panel's field holds when edited; null until then (it shows the technician setting). */
  technician: string | null;
  open(view?: PlansView): void;
  close(): void;
  setView(view: PlansView): void;
  set(patch: Partial<Omit<PlansState, 'open' | 'close' | 'setView' | 'set' | 'setTechnician'>>): void;
  setTechnician(name: string): void;
}

export const initialPlansState = {
  opened: false,
  view: 'plan' as PlansView,
  planPath: null,
  prune: false,
  check: null,
  checking: false,
  applying: false,
  applied: null,
  log: [],
  logLoading: false,
  filter: { action: null, result: null, host: '' },
};

export const usePlansStore = create<PlansState>((set) => ({
  ...initialPlansState,
  technician: null,
  open: (view) => set((s) => ({ opened: true, view: view ?? s.view })),
  close: () => set({ opened: false }),
  setView: (view) => set({ view }),
  set: (patch) => set(patch),
  setTechnician: (technician) => set({ technician }),
}));

/** The log entries the filters let through, newest first. */
export function filteredLog(log: ActionLogEntry[], filter: LogFilter): ActionLogEntry[] {
  const host = filter.host.trim().toLowerCase();
  return log
    .filter((e) => (!filter.action || e.action === filter.action) && (!filter.result || e.result === filter.result))
    .filter((e) => !host || e.hosts.some((h) => h.name.toLowerCase().includes(host) || h.id.toLowerCase().includes(host)))
    .slice()
    .reverse();
}
