import { Group, Paper, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectUploadsRunning, useTasksStore } from '../../entities/tasks/tasks-store';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { useSettingsStore } from '../../entities/settings/settings-store';
import { DEFAULT_STALE_DAYS } from '../sites/stale';
import { asideNote, summaryCounts } from './summary-counts';

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder px="md" py={6} radius="md" miw={110} role="group" aria-label={`${label}: ${value}`}>
      {/* Not dimmed: small uppercase grey failed the contrast check (axe color-contrast). */}
      <Text size="xs" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} size="lg" className="fl-tabular">
        {value}
      </Text>
    </Paper>
  );
}

/** `now`: the clock the site view gives its stale group, so the strip and the groups agree on who is stale. */
export function SummaryStrip({ now }: { now: number }) {
  const staleDays = useSettingsStore((s) => s.settings?.staleDays ?? DEFAULT_STALE_DAYS);
  const aside = useMemo(() => ({ staleDays, now }), [staleDays, now]);
  const c = useHostsStore(useShallow((s) => summaryCounts(Object.values(s.byId), aside)));
  const uploads = useTasksStore(selectUploadsRunning);
  const note = asideNote(c);
  return (
    <Group gap="sm" role="region" aria-label="Site summary">
      <Stat label="Site hosts" value={c.found} />
      <Stat label="Online" value={c.online} />
      <Stat label="Leaders" value={c.leaders} />
      <Stat label="Followers" value={c.followers} />
      <Stat label="Standalone" value={c.standalone} />
      <Stat label="Uploads running" value={uploads} />
      {/* The hosts in the collapsed groups below, which the figures above leave out. */}
      {note && <Text size="sm">{note}, listed below</Text>}
    </Group>
  );
}
