// Open or drop a plan file, see it beside the site, apply it with one action. In the desktop app a dropped file's
// path is known; in the browser build the path is typed (the core reads the file on its own machine).
import { Button, Checkbox, Group, Paper, Stack, Text } from '@mantine/core';
import { useState, type DragEvent } from 'react';
import { useApi } from '../../app/api-context';
import { PathForm } from '../uploads/PathForm';
import { isFileDrag, pathReader } from '../uploads/file-paths';
import { applyPlan, checkPlan, exportPlan, recheck } from './actions';
import { PlanComparison } from './PlanComparison';
import { usePlansStore } from './plans-store';

export function PlanPanel() {
  const api = useApi();
  const { planPath, check, checking, applying, prune, applied } = usePlansStore();
  const set = usePlansStore((s) => s.set);
  const [dragging, setDragging] = useState(false);
  const [dropProblem, setDropProblem] = useState<string | null>(null);
  const onDrop = (e: DragEvent) => {
    if (!isFileDrag(e)) return;
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    const read = pathReader();
    const path = file && read ? read(file) : '';
    if (!path) {
      setDropProblem('This window cannot see where a dropped file is: type the path of the plan file instead.');
      return;
    }
    setDropProblem(null);
    void checkPlan(api, path); /* failures are shown by attempt() in actions.ts */
  };
  const canApply = !!check && check.problems.length === 0 && !check.matches && check.actions.length > 0 && !applying;
  return (
    <Stack gap="md">
      <Paper
        withBorder
        p="sm"
        onDragOver={(e) => {
          if (isFileDrag(e)) {
            e.preventDefault();
            setDragging(true);
          }
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        style={dragging ? { outline: '2px dashed var(--mantine-color-blue-5)' } : undefined}
        aria-label="Plan file"
        role="region"
      >
        <PathForm
          label="Plan file"
          description="Drop a plan (.yaml or .json) here, or type its path."
          submitLabel="Check plan"
          busy={checking}
          onSubmit={(p) => void checkPlan(api, p) /* failures are shown by attempt() in actions.ts */}
        />
        {dropProblem && (
          <Text size="sm" c="red" mt="xs">
            {dropProblem}
          </Text>
        )}
        {planPath && (
          <Text size="xs" c="dimmed" mt="xs">
            {`Plan: ${planPath}`}
          </Text>
        )}
      </Paper>
      <Group gap="sm">
        <Checkbox
          label="Prune: unlink followers of a planned leader that the plan does not name"
          checked={prune}
          onChange={(e) => {
            set({ prune: e.currentTarget.checked });
            void recheck(api); /* failures are shown by attempt() in actions.ts */
          }}
        />
      </Group>
      <Group gap="sm">
        <Button onClick={() => void applyPlan(api) /* failures are shown by attempt() in actions.ts */} disabled={!canApply} loading={applying}>
          Apply plan
        </Button>
        <Button
          variant="default"
          onClick={() => void recheck(api) /* failures are shown by attempt() in actions.ts */}
          disabled={!planPath || applying}
          loading={checking && !applying}
        >
          Check again
        </Button>
        <Button variant="default" onClick={() => void exportPlan(api) /* failures are shown by attempt() in actions.ts */}>
          Export plan
        </Button>
      </Group>
      {applied && (
        <Text size="sm" c={applied.after?.matches ? 'green' : 'red'} role="status">
          {applied.error
            ? `The apply failed after ${applied.tasks.length} task${applied.tasks.length === 1 ? '' : 's'}: ${applied.error} Fix that and apply again.`
            : applied.after?.matches
              ? `Applied: ${applied.tasks.length} task${applied.tasks.length === 1 ? '' : 's'} ran; the site matches the plan.`
              : `Applied ${applied.tasks.length} task${applied.tasks.length === 1 ? '' : 's'}, but the site does not match the plan yet (see below). Fix what blocks and apply again.`}
        </Text>
      )}
      {check && <PlanComparison check={check} />}
    </Stack>
  );
}
