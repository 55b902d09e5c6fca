// Drag a leader (its token chip or its card) onto a follower card to link it. The drag carries only the leader's
// host id under our own MIME type: never the token, and nothing another app would accept as a drop.
import type { DragEvent } from 'react';
import type { ConsoleApi } from '../../../../shared/contract';
import { getHost } from '../../entities/hosts/hosts-store';
import { preflight } from './link-flow-store';
import { useSelectionStore } from './selection-store';

export const LEADER_MIME = 'application/x-fieldlink-leader';

export function startLeaderDrag(e: DragEvent, leaderId: string): void {
  e.dataTransfer.setData(LEADER_MIME, leaderId);
  e.dataTransfer.effectAllowed = 'link';
}

/** During dragover the data cannot be read, only its types: enough to tell our drag from files or text. */
export function isLeaderDrag(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes(LEADER_MIME);
}

/** The hosts a drop on `targetId` means: the whole selection when the target is part of it, else just the target. */
export function dropTargets(targetId: string, leaderId: string): string[] {
  const selected = useSelectionStore.getState().selected;
  const ids = selected[targetId] ? Object.keys(selected) : [targetId];
  return ids.filter((id) => id !== leaderId && getHost(id)?.role !== 'leader');
}

export function dropLeader(api: ConsoleApi, e: DragEvent, targetId: string): boolean {
  const leaderId = e.dataTransfer.getData(LEADER_MIME);
  if (!leaderId || leaderId === targetId) return false;
  const ids = dropTargets(targetId, leaderId);
  if (ids.length === 0) return false;
  // A failed check is notified and shown in the link dialog.
  void preflight(api, leaderId, ids);
  return true;
}
