// Every action of the console as a command-palette entry: site-wide ones first, then each host's own (the very
// list its card menu shows).
import type { SpotlightActionData, SpotlightActionGroupData } from '@mantine/spotlight';
import type { ConsoleApi, HostView, TaskView } from '../../../../shared/contract';
import { openDialog } from '../../ui/dialog-store';
import { compareHosts } from '../dashboard/visible-hosts';
import { hostActions } from '../dashboard/host-actions';
import { useViewStore } from '../dashboard/view-store';
import { rescan } from '../discovery/actions';
import { linkSelectionToLeader, selectAllReady } from '../linking/SelectionBar';
import { selectedIds, useSelectionStore } from '../linking/selection-store';
import { cycleTheme } from '../settings/actions';
import { cancelTask, clearFinished, retryTask } from '../tasks/actions';
import { isActive, isFinal } from '../../entities/tasks/tasks-store';
import { unlink, unlinkMany } from '../linking/actions';
import { openTaskCentre } from '../tasks/task-centre-store';

type Action = SpotlightActionData;

export function siteActions(api: ConsoleApi): Action[] {
  const view = useViewStore.getState();
  return [
    { id: 'rescan', label: 'Rescan the network', description: 'Ask for hosts again (mDNS)', onClick: () => void rescan(api) /* notifies its own failure */ },
    { id: 'add-host', label: 'Add host by address…', onClick: () => openDialog({ kind: 'add-host' }) },
    { id: 'probe', label: 'Probe a range…', description: 'Try every address of a subnet', onClick: () => openDialog({ kind: 'probe-range' }) },
    {
      id: 'site-credentials',
      label: 'Site credentials…',
      description: 'The login used for every host',
      onClick: () => openDialog({ kind: 'site-credentials' }),
    },
    {
      id: 'settings',
      label: 'Settings…',
      description: 'Interfaces, concurrency, theme',
      keywords: ['interfaces', 'theme'],
      onClick: () => openDialog({ kind: 'settings' }),
    },
    { id: 'tasks', label: 'Open the task centre', onClick: openTaskCentre },
    { id: 'clear-finished', label: 'Clear finished tasks', onClick: () => void clearFinished(api) /* notifies its own failure */ },
    { id: 'view-grid', label: 'Show cards', onClick: () => view.setMode('grid') },
    { id: 'view-topology', label: 'Show topology', onClick: () => view.setMode('topology') },
    { id: 'view-list', label: 'Show list', onClick: () => view.setMode('list') },
    {
      id: 'theme',
      label: 'Switch theme (light, dark, system)',
      keywords: ['dark', 'light'],
      onClick: () => void cycleTheme(api) /* saveSettings notifies its failure */,
    },
    {
      id: 'select-ready',
      label: 'Select all Ready hosts',
      onClick: () => {
        selectAllReady();
      },
    },
    { id: 'link-selected', label: 'Link selected hosts to leader…', onClick: linkSelectionToLeader },
    {
      id: 'unlink-selected',
      label: 'Unlink selected hosts',
      keywords: ['bulk', 'unlink'],
      onClick: () => void unlinkMany(api, selectedIds()) /* notifies its own failure */,
    },
    { id: 'clear-selection', label: 'Clear selection', onClick: () => useSelectionStore.getState().clear() },
    { id: 'clear-filters', label: 'Clear filters and search', onClick: () => view.clearFilters() },
  ].map((a) => ({ ...a, group: 'Site' }));
}

export function hostPaletteActions(api: ConsoleApi, hosts: HostView[]): SpotlightActionGroupData[] {
  const known = new Set(hosts.map((h) => h.id));
  return [...hosts].sort(compareHosts).map((h) => {
    const name = h.name || h.id;
    const own = hostActions(h).map((a) => ({
      id: `${h.id}:${a.id}`,
      label: `${a.label} — ${name}`,
      description: `${h.role} · ${h.address}`,
      keywords: [h.id, h.address, name],
      // Every host action notifies its own failure.
      onClick: () => void a.run(api),
    }));
    // A leader's followers the console has not found itself (its own hosts have their Unlink above): unlinking
    // through the leader still works. One "Dissolve group" on the leader replaces a long list of single unlinks.
    const peers = h.peers
      .filter((p) => !known.has(p.id))
      .map((p) => {
        const peerName = p.name || p.id;
        return {
          id: `${h.id}:unlink:${p.id}`,
          label: `Unlink ${peerName} from ${name}`,
          description: `linked host of ${name} · ${p.address}`,
          keywords: [p.id, p.address, peerName],
          // unlink notifies its own failure.
          onClick: () => void unlink(api, p.id, true, peerName, h.id),
        };
      });
    return { group: name, actions: [...own, ...peers] };
  });
}

export function taskPaletteActions(api: ConsoleApi, tasks: TaskView[]): Action[] {
  const list: Action[] = [];
  for (const t of tasks) {
    if (t.cancellable && isActive(t))
      list.push({
        id: `task:${t.id}:cancel`,
        label: `Cancel task: ${t.title}`,
        group: 'Tasks',
        onClick: () => void cancelTask(api, t.id) /* notifies its own failure */,
      });
    if (t.retryable && isFinal(t))
      list.push({
        id: `task:${t.id}:retry`,
        label: `Retry task: ${t.title}`,
        group: 'Tasks',
        onClick: () => void retryTask(api, t.id) /* notifies its own failure */,
      });
  }
  return list;
}

type Entry = SpotlightActionData | SpotlightActionGroupData;

function flat(entries: Entry[]): SpotlightActionData[] {
  return entries.flatMap((e) => ('actions' in e ? e.actions.map((a) => ({ ...a, group: e.group })) : [e]));
}

/**
 * Every word typed must appear somewhere in the entry, in any order: "leader edge-7" finds
 * "Make leader (Generate token) — edge-7". Entries whose label holds all the words come first.
 */
export function wordsFilter(query: string, entries: Entry[]): Entry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const all = flat(entries);
  if (words.length === 0) return all;
  const inLabel: SpotlightActionData[] = [];
  const elsewhere: SpotlightActionData[] = [];
  for (const a of all) {
    const label = String(a.label ?? '').toLowerCase();
    const keywords = Array.isArray(a.keywords) ? a.keywords.join(' ') : (a.keywords ?? '');
    const text = `${label} ${a.description ?? ''} ${keywords}`.toLowerCase();
    if (words.every((w) => label.includes(w))) inLabel.push(a);
    else if (words.every((w) => text.includes(w))) elsewhere.push(a);
  }
  return [...inLabel, ...elsewhere];
}
