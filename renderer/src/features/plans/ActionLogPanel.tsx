// The site's action log as a timeline, newest first, with filters on action, result and host.
import { Badge, Button, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useEffect } from 'react';
import { useApi } from '../../app/api-context';
import { loadLog } from './actions';
import { filteredLog, usePlansStore } from './plans-store';

const RESULT_COLOR: Record<string, string> = { succeeded: 'green', partial: 'yellow', failed: 'red', cancelled: 'gray' };

export function ActionLogPanel() {
  const api = useApi();
  const { log, filter, logLoading } = usePlansStore();
  const set = usePlansStore((s) => s.set);
  useEffect(() => {
    void loadLog(api); /* failures are shown by attempt() in actions.ts */
  }, [api]);
  const actions = [...new Set(log.map((e) => e.action))].sort();
  const results = [...new Set(log.map((e) => e.result))].sort();
  const shown = filteredLog(log, filter);
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end">
        <NativeSelect
          label="Action"
          data={[{ value: '', label: 'All' }, ...actions]}
          value={filter.action ?? ''}
          onChange={(e) => set({ filter: { ...filter, action: e.currentTarget.value || null } })}
          w={150}
        />
        <NativeSelect
          label="Result"
          data={[{ value: '', label: 'All' }, ...results]}
          value={filter.result ?? ''}
          onChange={(e) => set({ filter: { ...filter, result: e.currentTarget.value || null } })}
          w={150}
        />
        <TextInput
          label="Host"
          placeholder="Name or id"
          value={filter.host}
          onChange={(e) => set({ filter: { ...filter, host: e.currentTarget.value } })}
          w={180}
        />
        <Button variant="default" onClick={() => void loadLog(api) /* failures are shown by attempt() in actions.ts */} loading={logLoading}>
          Refresh
        </Button>
      </Group>
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed">
          {log.length === 0 ? 'No action recorded yet. Every action Fieldlink takes on hosts is recorded here.' : 'No action matches these filters.'}
        </Text>
      ) : (
        <ol aria-label="Action log" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {shown.map((e, i) => (
            <li key={`${e.time}-${i}`} style={{ borderLeft: '2px solid var(--mantine-color-gray-4)', paddingLeft: 12, marginBottom: 8 }}>
              <Paper p="xs" withBorder aria-label={`${e.action}: ${e.title}`} role="article">
                <Group gap="xs" justify="space-between" wrap="nowrap">
                  <Text size="sm" fw={600}>
                    {e.title}
                  </Text>
                  <Badge color={RESULT_COLOR[e.result] ?? 'blue'} variant="light" size="sm">
                    {e.result}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">{`${new Date(e.time).toLocaleString()} · ${e.action}`}</Text>
                {e.hosts.length > 0 && <Text size="xs">{e.hosts.map((h) => `${h.name}: ${h.result}`).join(' · ')}</Text>}
                {e.reason && (
                  <Text size="xs" c="red">
                    {e.reason}
                  </Text>
                )}
              </Paper>
            </li>
          ))}
        </ol>
      )}
    </Stack>
  );
}
