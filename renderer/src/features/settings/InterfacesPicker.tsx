import { Checkbox, Loader, Radio, Stack, Text } from '@mantine/core';
import type { NetworkInterfaceView } from '../../../../shared/contract';

interface Props {
  interfaces: NetworkInterfaceView[] | null;
  value: 'all' | string[];
  onChange(value: 'all' | string[]): void;
}

/** Which network interfaces discovery listens on: a VPN or a second adapter can otherwise take the queries. */
export function InterfacesPicker({ interfaces, value, onChange }: Props) {
  const chosen = value === 'all' ? [] : value;
  return (
    <Stack gap="xs">
      <Radio.Group label="Discovery interfaces" value={value === 'all' ? 'all' : 'some'} onChange={(v) => onChange(v === 'all' ? 'all' : chosen)}>
        <Stack gap={4} mt={4}>
          <Radio value="all" label="Every network interface" />
          <Radio value="some" label="Only the interfaces ticked below" />
        </Stack>
      </Radio.Group>
      {interfaces === null ? (
        <Loader size="xs" />
      ) : interfaces.length === 0 ? (
        <Text size="xs" c="dimmed">
          No IPv4 interface found.
        </Text>
      ) : (
        <Stack gap={4} pl="md">
          {interfaces.map((i) => (
            <Checkbox
              key={`${i.name}-${i.address}`}
              disabled={value === 'all'}
              label={`${i.name} (${i.address})${i.internal ? ' · loopback' : ''}`}
              checked={value !== 'all' && chosen.includes(i.address)}
              onChange={(e) => onChange(e.currentTarget.checked ? [...chosen, i.address] : chosen.filter((a) => a !== i.address))}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
