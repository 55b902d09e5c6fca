import { Button, Group, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { Tag } from '../dashboard/badges';
import { memo } from 'react';
import type { HostResultState, TaskView } from '../../../../shared/contract';
import { useApi } from '../../app/api-context';
import { bytes, clockTime, seconds } from '../../lib/format';
import { detailWords } from '../../lib/link-words';
import { cancelTask, retryTask } from './actions';
import { isActive, useTasksStore } from '../../entities/tasks/tasks-store';

const stateColor: Record<string, string> = {
  queued: 'gray',
  running: 'blue',
  pending: 'gray',
  succeeded: 'green',
  partial: 'yellow',
  failed: 'red',
  refused: 'red',
  cancelled: 'gray',
};

/** What each state word says to a technician. */
const stateWord: Record<string, string> = {
  queued: 'waiting',
  running: 'running',
  pending: 'waiting',
  succeeded: 'done',
  partial: 'partly done',
  failed: 'failed',
  refused: 'refused',
  cancelled: 'cancelled',
};

/**
 * A Retry that would only repeat a refusal (the hosts said no for a reason the retry does not change) is not offered:
 * it must have at least one host that failed for another reason (a timeout, a dropped connection).
 */
export function retryCanHelp(t: TaskView): boolean {
  if (!t.retryable) return false;
  if (t.hosts.length === 0) return t.error?.code !== 'refused' && t.error?.code !== 'preflight-failed';
  return t.hosts.some((h) => h.state === 'failed' || h.state === 'cancelled');
}

/** The bar of an ended task: green when all went well, red for failures and refusals, yellow when partly done. */
function barColor(t: TaskView): string | undefined {
  if (isActive(t)) return undefined;
  return t.state === 'succeeded' ? 'green' : t.state === 'partial' ? 'yellow' : t.state === 'cancelled' ? 'gray' : 'red';
}

function percent(t: TaskView): number | null {
  if (!t.progress || t.progress.total <= 0) return null;
  return Math.min(100, (t.progress.done / t.progress.total) * 100);
}

/** "3 of 9 hosts linked": the verb of the task kind, never a raw state word. */
function doneWord(t: TaskView): string {
  const verbs: Record<string, string> = {
    link: 'linked',
    unlink: 'unlinked',
    'make-leader': 'done',
    'stop-token': 'done',
    upload: 'synced',
    probe: 'checked',
    validate: 'checked',
  };
  return verbs[t.kind] ?? 'done';
}

/**
 * "2 of 3 hosts linked · 1 failed". The core's count is of hosts it is done with, failures included: once a host
 * failed (or the task ended) the count is of the hosts that succeeded, so a failed link never reads "1 of 1 linked".
 */
function hostCounts(t: TaskView, done: number, total: number, unit: string): string {
  const count = (state: HostResultState) => t.hosts.filter((h) => h.state === state).length;
  const failed = count('failed');
  const refused = count('refused');
  const cancelled = count('cancelled');
  if (t.hosts.length !== total || (isActive(t) && failed + refused + cancelled === 0)) return `${done} of ${total} ${unit} ${doneWord(t)}`;
  const extra = [failed && `${failed} failed`, refused && `${refused} refused`, cancelled && `${cancelled} cancelled`].filter(Boolean);
  return [`${count('succeeded')} of ${total} ${unit} ${doneWord(t)}`, ...extra].join(' · ');
}

function progressText(t: TaskView): string | null {
  const p = t.progress;
  if (!p) return null;
  const counts =
    p.unit === 'bytes'
      ? `${bytes(p.done)} of ${bytes(p.total)}`
      : p.unit === 'hosts'
        ? hostCounts(t, p.done, p.total, p.unit)
        : `${p.done} of ${p.total} ${p.unit} ${doneWord(t)}`;
  const speed = t.bytesPerSec ? ` · ${bytes(t.bytesPerSec)}/s` : '';
  const eta = t.etaSec !== null && isActive(t) ? ` · ${seconds(t.etaSec)} left` : '';
  return counts + speed + eta;
}

function HostResults({ hosts, kind }: { hosts: TaskView['hosts']; kind: TaskView['kind'] }) {
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
              <Tag color={stateColor[h.state as HostResultState] ?? 'gray'} variant={h.state === 'failed' || h.state === 'refused' ? 'outline' : 'light'}>
                {stateWord[h.state] ?? h.state}
              </Tag>
            </Table.Td>
            <Table.Td>
              <Text size="xs" c={h.state === 'failed' || h.state === 'refused' ? 'red' : undefined}>
                {[detailWords(h.detail, kind), h.message].filter(Boolean).join(' — ')}
              </Text>
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
          {/* Our Tag: the text keeps full contrast, the colour is in the background or the border (axe). */}
          <Tag color={stateColor[t.state] ?? 'gray'} variant={active ? 'light' : 'outline'}>
            {stateWord[t.state] ?? t.state}
          </Tag>
        </Group>
        <Text size="xs" c="dimmed" className="fl-tabular">
          {t.phase ? `${t.phase} · ` : ''}started {clockTime(t.startedAt)}
          {t.endedAt ? ` · ended ${clockTime(t.endedAt)}` : ''}
        </Text>
        {(active || pct !== null) && (
          <Progress value={pct ?? 100} color={barColor(t)} animated={active} striped={active && pct === null} aria-label={`Progress of ${t.title}`} />
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
        <HostResults hosts={t.hosts} kind={t.kind} />
        {(t.cancellable && active) || (retryCanHelp(t) && !active) ? (
          <Group gap="xs">
            {t.cancellable && active && (
              <Button
                size="compact-sm"
                variant="light"
                color="red"
                onClick={() => void cancelTask(api, t.id) /* notifies its own failure */}
                aria-label={`Cancel ${t.title}`}
              >
                Cancel
              </Button>
            )}
            {retryCanHelp(t) && !active && (
              <Button
                size="compact-sm"
                variant="light"
                onClick={() => void retryTask(api, t.id) /* notifies its own failure */}
                aria-label={`Retry ${t.title}`}
              >
                Retry
              </Button>
            )}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
});
