import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useApi } from '../../app/api-context';
import { useDialogStore } from '../../ui/dialog-store';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { linkWithToken } from './actions';

/**
 * Step 7-9 of link-hosts.md: paste a leader's token. For leaders the console cannot reach itself; the token stays in
 * this dialog's state only until it is sent.
 */
export function LinkWithTokenDialog({ hostId }: { hostId: string }) {
  const api = useApi();
  const close = useDialogStore((s) => s.close);
  const name = useHostsStore((s) => s.byId[hostId]?.name || hostId);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);

  const tooShort = token.trim().length < 8;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Enter submits too (below): only what Confirm would send.
    if (tooShort || busy) return;
    const value = token.trim();
    setToken('');
    setBusy(true);
    const ok = await linkWithToken(api, hostId, value);
    setBusy(false);
    if (ok) close();
  };

  return (
    <Modal opened onClose={close} title={`Link ${name} to another device`} centered>
      <form onSubmit={(e) => void submit(e) /* linkWithToken notifies its own failure */}>
        <Stack>
          <Text size="sm">Paste the token copied from the leader (its Linked Edge Hosts page, or Copy on its card). A token is valid for two minutes.</Text>
          <Textarea
            label="Token"
            required
            rows={4}
            value={token}
            onChange={(e) => setToken(e.currentTarget.value)}
            data-autofocus
            // Enter confirms, as in the Local UI's token box (a token is one line); Shift+Enter still breaks a line.
            onKeyDown={(e) => {
              if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing) return;
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }}
            spellCheck={false}
            autoComplete="off"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={tooShort}>
              Confirm
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
