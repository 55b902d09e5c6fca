// Linking followers to a leader from the console: pick the leader (unless a drag already said which), run the
// preflight, show every refusal per host, and only then start the task with the hosts that passed.
import { create } from 'zustand';
import type { ConsoleApi, PreflightResult } from '../../../../shared/contract';
import { attempt } from '../../ui/notify';
import { hostLabel } from '../../entities/hosts/hosts-store';
import { useSelectionStore } from './selection-store';

export type LinkFlow =
  | { step: 'idle' }
  | { step: 'pick-leader'; followerIds: string[] }
  | { step: 'checking'; leaderId: string; followerIds: string[] }
  | { step: 'review'; leaderId: string; followerIds: string[]; results: PreflightResult[] }
  | { step: 'starting'; leaderId: string; followerIds: string[]; results: PreflightResult[] };

interface LinkFlowState {
  flow: LinkFlow;
  set(flow: LinkFlow): void;
}

export const useLinkFlowStore = create<LinkFlowState>()((set) => ({
  flow: { step: 'idle' },
  set: (flow) => set({ flow }),
}));

const setFlow = (flow: LinkFlow) => useLinkFlowStore.getState().set(flow);

export function pickLeaderFor(followerIds: string[]): void {
  if (followerIds.length > 0) setFlow({ step: 'pick-leader', followerIds });
}

export async function preflight(api: ConsoleApi, leaderId: string, followerIds: string[]): Promise<void> {
  const ids = [...new Set(followerIds)].filter((id) => id !== leaderId);
  if (ids.length === 0) return;
  setFlow({ step: 'checking', leaderId, followerIds: ids });
  const results = await attempt(`Could not check the hosts before linking to ${hostLabel(leaderId)}`, () =>
    api['link.preflight']({ leaderId, followerIds: ids }),
  );
  const flow = useLinkFlowStore.getState().flow;
  // The user may have closed the dialog while the check ran.
  if (flow.step !== 'checking' || flow.leaderId !== leaderId) return;
  if (!results) {
    setFlow({ step: 'idle' });
    return;
  }
  setFlow({ step: 'review', leaderId, followerIds: ids, results });
}

export async function startLink(api: ConsoleApi): Promise<void> {
  const flow = useLinkFlowStore.getState().flow;
  if (flow.step !== 'review') return;
  const ready = readyFollowers(flow.leaderId, flow.followerIds, flow.results);
  if (ready.length === 0) return;
  setFlow({ ...flow, step: 'starting' });
  const started = await attempt(`Could not link to ${hostLabel(flow.leaderId)}`, () => api['link.followers']({ leaderId: flow.leaderId, followerIds: ready }));
  setFlow({ step: 'idle' });
  if (started) useSelectionStore.getState().clear();
}

/**
 * The followers that passed. The core answers with the leader's own row first; when the leader cannot take
 * followers nothing is ready, whatever the follower rows say.
 */
export function readyFollowers(leaderId: string, followerIds: string[], results: PreflightResult[]): string[] {
  const leaderRow = results.find((r) => r.hostId === leaderId);
  if (leaderRow && !leaderRow.ok) return [];
  const ok = new Set(results.filter((r) => r.ok && r.hostId !== leaderId).map((r) => r.hostId));
  return followerIds.filter((id) => ok.has(id));
}

export function cancelLinkFlow(): void {
  setFlow({ step: 'idle' });
}
