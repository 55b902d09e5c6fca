import { ActionIcon, Button, Drawer, Indicator, Stack, Text, Tooltip } from '@mantine/core';
import { IconListCheck } from '@tabler/icons-react';
import { useShallow } from 'zustand/react/shallow';
import { useApi } from '../../app/api-context';
import { clearFinished } from './actions';
import { useTaskCentreStore } from './task-centre-store';
import { TaskItem } from './TaskItem';
import { useOpenedOnce } from '../../ui/use-opened-once';
import { selectRunningCount, useTasksStore } from '../../entities/tasks/tasks-store';

/** The header button; its badge counts the tasks queued or running. */
export function TasksButton() {
  const running = useTasksStore(selectRunningCount);
  const open = useTaskCentreStore((s) => s.setOpened);
  return (
    <Tooltip label="Task centre">
      <Indicator label={running} size={18} disabled={running === 0} color="blue" className="fl-tabular">
        <ActionIcon variant="default" size="lg" onClick={() => open(true)} aria-label={`Tasks, ${running} running`}>
          <IconListCheck size={20} />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}

export function TaskCentre() {
  const api = useApi();
  const opened = useTaskCentreStore((s) => s.opened);
  const setOpened = useTaskCentreStore((s) => s.setOpened);
  // Newest first; ids only, each item reads its own task.
  const ids = useTasksStore(
    useShallow((s) =>
      Object.values(s.byId)
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
        .map((t) => t.id),
    ),
  );
  const drawer = useOpenedOnce(opened);
  if (!drawer.mounted) return null;
  return (
    <Drawer opened={drawer.opened} onClose={() => setOpened(false)} position="right" size="md" title="Task centre">
      <Stack gap="sm">
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => void clearFinished(api) /* notifies its own failure */}
          disabled={ids.length === 0}
          style={{ alignSelf: 'flex-end' }}
        >
          Clear finished
        </Button>
        {ids.length === 0 ? (
          <Text c="dimmed" size="sm">
            No tasks yet. Linking, unlinking, token and upload actions show their progress here.
          </Text>
        ) : (
          ids.map((id) => <TaskItem key={id} taskId={id} />)
        )}
      </Stack>
    </Drawer>
  );
}
