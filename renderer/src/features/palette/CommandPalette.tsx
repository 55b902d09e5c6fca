import { Spotlight, type SpotlightActionData, type SpotlightActionGroupData } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useApi } from '../../app/api-context';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { useTasksStore } from '../../entities/tasks/tasks-store';
import { hostPaletteActions, siteActions, taskPaletteActions, wordsFilter } from './palette-actions';

/**
 * Ctrl/Cmd+K. The host and task actions are built when the palette opens, from the hosts as they are then: keeping a
 * thousand entries up to date on every status event would cost frames for a list nobody is looking at.
 */
export function CommandPalette() {
  const api = useApi();
  const [openedAt, setOpenedAt] = useState(0);
  const actions = useMemo<(SpotlightActionData | SpotlightActionGroupData)[]>(() => {
    if (openedAt === 0) return [];
    return [
      ...siteActions(api),
      ...taskPaletteActions(api, Object.values(useTasksStore.getState().byId)),
      ...hostPaletteActions(api, Object.values(useHostsStore.getState().byId)),
    ];
  }, [api, openedAt]);
  return (
    <Spotlight
      actions={actions}
      // Ctrl/Cmd+K is registered by the app itself (App.tsx), so a press before this chunk arrives is not lost.
      shortcut={null}
      limit={40}
      filter={wordsFilter}
      scrollable
      maxHeight={420}
      nothingFound="No matching action"
      title="Command palette"
      onSpotlightOpen={() => setOpenedAt(Date.now())}
      searchProps={{ leftSection: <IconSearch size={18} />, placeholder: 'Type an action or a host name…', 'aria-label': 'Search actions' }}
    />
  );
}
