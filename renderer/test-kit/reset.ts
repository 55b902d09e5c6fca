import { useConnectionStore } from '../src/app/connection-store';
import { useCredentialsStore } from '../src/features/credentials/credentials-store';
import { useHostsStore } from '../src/entities/hosts/hosts-store';
import { resetStableOrder } from '../src/entities/hosts/stable-order';
import { useViewStore } from '../src/features/dashboard/view-store';
import { resetDiscoveryProblems } from '../src/features/discovery/discovery-problems';
import { useLinkFlowStore } from '../src/features/linking/link-flow-store';
import { useSelectionStore } from '../src/features/linking/selection-store';
import { useSettingsStore } from '../src/entities/settings/settings-store';
import { useTaskCentreStore } from '../src/features/tasks/task-centre-store';
import { useTasksStore } from '../src/entities/tasks/tasks-store';
import { resetUploadsStore } from '../src/features/uploads/uploads-store';
import { useConfirmStore } from '../src/ui/confirm-store';
import { useDialogStore } from '../src/ui/dialog-store';

export function resetStores(): void {
  useHostsStore.setState({ byId: {}, loaded: false });
  useTasksStore.setState({ byId: {}, activityByHost: {} });
  useSettingsStore.setState({ settings: null });
  useCredentialsStore.setState({ status: null });
  useViewStore.setState({ mode: 'grid', density: 'compact', role: 'all', state: 'all', online: 'all', search: '' });
  useSelectionStore.setState({ selected: {}, anchor: null });
  useLinkFlowStore.setState({ flow: { step: 'idle' } });
  useTaskCentreStore.setState({ opened: false });
  useConfirmStore.setState({ request: null });
  useDialogStore.setState({ dialog: null });
  useConnectionStore.setState({ status: { state: 'connected', problem: null }, everConnected: false });
  resetStableOrder();
  resetDiscoveryProblems();
  resetUploadsStore();
}
