import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useConfirmStore } from './confirm-store';

export function ConfirmDialog() {
  const request = useConfirmStore((s) => s.request);
  const answer = useConfirmStore((s) => s.answer);
  return (
    <Modal opened={request !== null} onClose={() => answer(false)} title={request?.title} centered>
      {request && (
        <Stack>
          <div>{request.body}</div>
          <Group justify="flex-end" wrap="nowrap">
            {request.blocked && (
              <Text size="xs" c="red" id="fl-confirm-blocked" className="fl-grow">
                {request.blocked}
              </Text>
            )}
            <Button variant="default" onClick={() => answer(false)} data-autofocus={request.blocked ? true : undefined}>
              Cancel
            </Button>
            <Button
              color={request.danger ? 'red' : undefined}
              onClick={() => answer(true)}
              disabled={Boolean(request.blocked)}
              aria-describedby={request.blocked ? 'fl-confirm-blocked' : undefined}
              data-autofocus={request.blocked ? undefined : true}
            >
              {request.confirmLabel}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
