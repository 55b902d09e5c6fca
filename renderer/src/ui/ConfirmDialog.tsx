import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useConfirmStore } from './confirm-store';
import { useOpenedOnce } from './use-opened-once';

export function ConfirmDialog() {
  const request = useConfirmStore((s) => s.request);
  const answer = useConfirmStore((s) => s.answer);
  const modal = useOpenedOnce(request !== null);
  if (!modal.mounted) return null;
  return (
    <Modal opened={modal.opened} onClose={() => answer(false)} title={request?.title} centered>
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
