import { Button, EmptyState, Group, List, Text } from '@mantine/core';
import { IconNetwork, IconPlus, IconRefresh, IconRouter } from '@tabler/icons-react';
import { useApi } from '../../app/api-context';
import { useConnectionStore } from '../../app/connection-store';
import { openDialog } from '../../ui/dialog-store';
import { rescan } from './actions';

/** The first screen a newcomer sees: what Fieldlink is doing and what to try when nothing turns up. */
export function EmptySite({ loaded }: { loaded: boolean }) {
  const api = useApi();
  const connected = useConnectionStore((s) => s.status.state === 'connected');
  return (
    <EmptyState
      mt="xl"
      icon={<IconNetwork size={40} />}
      withIndicatorBackground
      title={loaded ? 'No hosts yet' : connected ? 'Looking for hosts…' : 'Waiting for the Fieldlink core…'}
      description="Fieldlink listens for Palette Edge hosts announcing themselves on this network (mDNS). Hosts appear here as soon as they are found, before you enter any credentials."
    >
      <EmptyState.Actions>
        <Group justify="center">
          <Button leftSection={<IconRefresh size={16} />} onClick={() => void rescan(api) /* rescan notifies its own failure */}>
            Rescan
          </Button>
          <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => openDialog({ kind: 'add-host' })}>
            Add host by address
          </Button>
          <Button variant="default" leftSection={<IconRouter size={16} />} onClick={() => openDialog({ kind: 'probe-range' })}>
            Probe a range
          </Button>
        </Group>
      </EmptyState.Actions>
      <Text size="sm" mt="md" fw={600}>
        Nothing shows up? Check the network:
      </Text>
      <List size="sm" ta="left" maw={560} mx="auto">
        <List.Item>this computer is on the same network (or VLAN) as the hosts;</List.Item>
        <List.Item>the right network interface is chosen in Settings (a VPN or a second adapter can take the queries);</List.Item>
        <List.Item>a firewall may block mDNS (UDP 5353): add the hosts by address, or probe their subnet, e.g. 10.0.0.0/24.</List.Item>
      </List>
    </EmptyState>
  );
}
