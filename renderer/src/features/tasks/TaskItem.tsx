import { Badge, Button, Group, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { memo } from 'react';
import type { HostResultState, TaskView } from '../../../../shared/contract';
import { useApi } from '../../app/api-context';
import { bytes, clockTime, seconds } from '../../lib/format';
import { cancelTask, retryTask } from './actions';
import { isActive, useTasksStore } from './tasks-store';

const stateColor: Record<string, string> = {
  queued: 'gray',
  running: 'blue',
  pending: 'gray',
  succeeded: 'green',
  partial: 'yellow',
  failed: 'red',
  refused: 'orange',
  cancelled: 'gray',
};

function percent(t: TaskView): number | null {
  if (!t.progress || t.progress.total <= 0) return null;
  return Math.min(100, (t.progress.done / t.progress.total) * 100);
}

function progressText(t: TaskView): string | null {
  const p = t.progress;
  if (!p) return null;
  const counts = p.unit === 'bytes' ? `${bytes(p.done)} of ${bytes(p.total)}` : `${p.done} of ${p.total} ${p.unit}`;
  const speed = t.bytesPerSec ? ` · ${bytes(t.bytesPerSec)}/s` : '';
  const eta = t.etaSec !== null && isActive(t) ? ` · ${seconds(t.etaSec)} left` : '';
  return counts + speed + eta;
}

function HostResults({ hosts }: { hosts: TaskView['hosts'] }) {
  if (hosts.length === 0) return null;
  return (
    <Table verticalSpacing={2} horizontalSpacing={4} aria-label="Results per host">
      <Table.Tbody>
        {hosts.map((h) => (
          <Table.Tr key={h.hostId}>
            <Table.Td maw={140}>
              <Text size="xs" truncate title={h.name}>
                {h.name}
              </Text>
            </Table.Td>
            <Table.Td w={90}>
              <Badge size="xs" variant="light" color={stateColor[h.state as HostResultState]}>
                {h.state}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Text size="xs">{[h.detail, h.message].filter(Boolean).join(' — ')}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export const TaskItem = memo(function TaskItem({ taskId }: { taskId: string }) {
  const api = useApi();
  const t = useTasksStore((s) => s.byId[taskId]);
  if (!t) return null;
  const pct = percent(t);
  const active = isActive(t);
  return (
    <Paper withBorder p="sm" radius="md" role="article" aria-label={`Task: ${t.title}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm" truncate title={t.title}>
            {t.title}
          </Text>
          <Badge color={stateColor[t.state]} variant={active ? 'light' : 'filled'}>
            {t.state}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed" className="fl-tabular">
          {t.phase ? `${t.phase} · ` : ''}started {clockTime(t.startedAt)}
          {t.endedAt ? ` · ended ${clockTime(t.endedAt)}` : ''}
        </Text>
        {(active || pct !== null) && (
          <Progress value={pct ?? 100} animated={active} striped={active && pct === null} aria-label={`Progress of ${t.title}`} />
        )}
        {progressText(t) && (
          <Text size="xs" className="fl-tabular">
            {progressText(t)}
          </Text>
        )}
        {t.error && (
          <Text size="xs" c="red">
            {t.error.message}
          </Text>
        )}
        <HostResults hosts={t.hosts} />
        {(t.cancellable && active) || (t.retryable && !active) ? (
          <Group gap="xs">
            {t.cancellable && active && (
              <Button size="compact-sm" variant="light" color="red" onClick={() => void cancelTask(api, t.id)} aria-label={`Cancel ${t.title}`}>
                Cancel
              </Button>
            )}
            {t.retryable && !active && (
              <Button size="compact-sm" variant="light" onClick={() => void retryTask(api, t.id)} aria-label={`Retry ${t.title}`}>
                Retry
              </Button>
            )}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
});
