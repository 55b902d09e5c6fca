import { Button, Group, Modal, Stack } from '@mantine/core';
import { useConfirmStore } from './confirm-store';

export function ConfirmDialog() {
  const request = useConfirmStore((s) => s.request);
  const answer = useConfirmStore((s) => s.answer);
  return (
    <Modal opened={request !== null} onClose={() => answer(false)} title={request?.title} centered>
      {request && (
        <Stack>
          <div>{request.body}</div>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => answer(false)}>
              Cancel
            </Button>
            <Button color={request.danger ? 'red' : undefined} onClick={() => answer(true)} data-autofocus>
              {request.confirmLabel}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
