// Plans, the commissioning report and the action log, in one drawer opened from the header (PlansButton). Split out
// of the first bundle (App loads it lazily): nobody needs it before the site is on screen.
import { Drawer, SegmentedControl, Stack } from '@mantine/core';
import { ActionLogPanel } from './ActionLogPanel';
import { PlanPanel } from './PlanPanel';
import { usePlansStore, type PlansView } from './plans-store';
import { ReportPanel } from './ReportPanel';

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
