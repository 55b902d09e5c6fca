import { Group, Paper, Text } from '@mantine/core';
import { useShallow } from 'zustand/react/shallow';
import { selectUploadsRunning, useTasksStore } from '../../entities/tasks/tasks-store';
import { useHostsStore } from '../../entities/hosts/hosts-store';

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

export function SummaryStrip() {
  const c = useHostsStore(
    useShallow((s) => {
      let online = 0;
      let leaders = 0;
      let followers = 0;
      let standalone = 0;
      const all = Object.values(s.byId);
      for (const h of all) {
        if (h.online) online += 1;
        if (h.role === 'leader') leaders += 1;
        else if (h.role === 'follower') followers += 1;
        else if (h.role === 'standalone') standalone += 1;
      }
      return { found: all.length, online, leaders, followers, standalone };
    }),
  );
  const uploads = useTasksStore(selectUploadsRunning);
  return (
    <Group gap="sm" role="region" aria-label="Site summary">
      <Stat label="Hosts found" value={c.found} />
      <Stat label="Online" value={c.online} />
      <Stat label="Leaders" value={c.leaders} />
      <Stat label="Followers" value={c.followers} />
      <Stat label="Standalone" value={c.standalone} />
      <Stat label="Uploads running" value={uploads} />
    </Group>
  );
}
