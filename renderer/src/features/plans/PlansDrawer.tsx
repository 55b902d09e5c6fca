// Plans, the commissioning report and the action log, in one drawer opened from the header.
import { ActionIcon, Drawer, SegmentedControl, Stack, Tooltip } from '@mantine/core';
import { IconClipboardList } from '@tabler/icons-react';
import { ActionLogPanel } from './ActionLogPanel';
import { PlanPanel } from './PlanPanel';
import { usePlansStore, type PlansView } from './plans-store';
import { ReportPanel } from './ReportPanel';

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

export function PlansDrawer() {
  const { opened, view } = usePlansStore();
  const close = usePlansStore((s) => s.close);
  const setView = usePlansStore((s) => s.setView);
  return (
    <Drawer opened={opened} onClose={close} position="right" size="xl" title="Site plan and report">
      <Stack gap="md">
        <SegmentedControl
          aria-label="Show"
          value={view}
          onChange={(v) => setView(v as PlansView)}
          data={[
            { value: 'plan', label: 'Plan' },
            { value: 'report', label: 'Report' },
            { value: 'log', label: 'Action log' },
          ]}
        />
        {view === 'plan' ? <PlanPanel /> : view === 'report' ? <ReportPanel /> : <ActionLogPanel />}
      </Stack>
    </Drawer>
  );
}
