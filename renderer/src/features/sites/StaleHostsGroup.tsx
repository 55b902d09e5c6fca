// The collapsed group of stale hosts under the dashboard: a count, opened on demand, with one action to forget
// them all. Mount it below the host grid, and leave isStaleView() hosts out of the grid itself.
import { Button, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useApi } from '../../app/api-context';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { useSettingsStore } from '../../entities/settings/settings-store';
import { DEFAULT_STALE_DAYS, forgetAllStale, staleViews } from './stale';

export function StaleHostsGroup({ now: nowProp }: { now?: number }) {
  // Read once per mount: staleness is counted in days, so a clock that does not tick while the group is shown is fine.
  const [mountedAt] = useState(() => Date.now());
  const now = nowProp ?? mountedAt;
  const api = useApi();
  const byId = useHostsStore((s) => s.byId);
  const days = useSettingsStore((s) => s.settings?.staleDays ?? DEFAULT_STALE_DAYS);
  const stale = useMemo(() => staleViews(Object.values(byId), days, now), [byId, days, now]);
  const [open, setOpen] = useState(false);
  if (stale.length === 0) return null;
  const label = `${stale.length === 1 ? '1 stale host' : `${stale.length} stale hosts`} (not seen for more than ${days} days)`;
  return (
    <Paper withBorder p="sm" aria-label="Stale hosts" component="section" opacity={0.75}>
      <Group justify="space-between" wrap="nowrap">
        <UnstyledButton onClick={() => setOpen((o) => !o)} aria-expanded={open} className="fl-focusable">
          <Group gap={6} wrap="nowrap">
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
            <Text size="sm">{label}</Text>
          </Group>
        </UnstyledButton>
        <Button
          size="compact-sm"
          variant="light"
          color="red"
          onClick={() => void forgetAllStale(api, stale.length, days) /* failures arrive as a notification */}
        >
          Forget all stale
        </Button>
      </Group>
      {open && (
        <Stack gap={2} mt="xs" role="list">
          {stale.map((h) => (
            <Text size="xs" c="dimmed" key={h.id} role="listitem">
              {h.name || h.id} · {h.address}:{h.port} · last seen {h.lastSeen ? new Date(h.lastSeen).toLocaleDateString() : 'never'}
            </Text>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
