// The collapsed group of unconfirmed announcers under the dashboard: how many, opened on demand, and the way to
// take them in (one review of their certificates). Mount it below the host grid, and leave isUnconfirmedView()
// hosts out of the grid itself.
import { Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { ReviewCertificatesButton } from '../credentials/ReviewCertificates';
import { unconfirmedViews } from '../../entities/hosts/unconfirmed';

export function UnconfirmedHostsGroup() {
  const byId = useHostsStore((s) => s.byId);
  const hosts = useMemo(() => unconfirmedViews(Object.values(byId)), [byId]);
  const [open, setOpen] = useState(false);
  if (hosts.length === 0) return null;
  const label = `${hosts.length === 1 ? '1 unconfirmed host' : `${hosts.length} unconfirmed hosts`} announcing on this network`;
  return (
    <Paper withBorder p="sm" aria-label="Unconfirmed hosts" component="section" opacity={0.8}>
      <Group justify="space-between" wrap="nowrap">
        <UnstyledButton onClick={() => setOpen((o) => !o)} aria-expanded={open} className="fl-focusable">
          <Group gap={6} wrap="nowrap">
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
            <Text size="sm">{label}</Text>
          </Group>
        </UnstyledButton>
        <ReviewCertificatesButton />
      </Group>
      {open && (
        <Stack gap={2} mt="xs" role="list">
          <Text size="xs" c="dimmed">
            Fieldlink only pings these until you check and trust their certificates; it sends them no password.
          </Text>
          {hosts.map((h) => (
            <Text size="xs" key={h.id} role="listitem">
              {h.name || h.id} · {h.address}:{h.port} · found by {h.sources.join(', ')}
            </Text>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
