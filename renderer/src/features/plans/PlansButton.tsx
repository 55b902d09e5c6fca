// The header's button that opens the plans drawer; in the first bundle while the drawer itself is split out.
import { ActionIcon, Tooltip } from '@mantine/core';
import { IconClipboardList } from '@tabler/icons-react';
import { usePlansStore } from './plans-store';

export function PlansButton() {
  const open = usePlansStore((s) => s.open);
  return (
    <Tooltip label="Plans, report and action log">
      <ActionIcon variant="default" size="lg" onClick={() => open()} aria-label="Plans, report and action log">
        <IconClipboardList size={20} />
      </ActionIcon>
    </Tooltip>
  );
}
