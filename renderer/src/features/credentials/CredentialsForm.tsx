import { Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';

interface Props {
  initialUser?: string | null;
  submitLabel: string;
  onSubmit(username: string, password: string): Promise<boolean>;
  onCancel(): void;
}

/**
 * Username and password for the Local UI login. The password is dropped from state the moment the form is
 * submitted, before the core even answers, so it lives no longer than the typing.
 */
export function CredentialsForm({ initialUser, submitLabel, onSubmit, onCancel }: Props) {
  const [username, setUsername] = useState(initialUser ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const pw = password;
    setPassword('');
    setBusy(true);
    const ok = await onSubmit(username.trim(), pw);
    setBusy(false);
    if (ok) onCancel();
  };

  return (
    <form onSubmit={(e) => void submit(e) /* the onSubmit actions notify their own failures */} autoComplete="off">
      <Stack>
        <TextInput label="Username" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} data-autofocus autoComplete="off" />
        <PasswordInput label="Password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="new-password" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!username.trim() || !password}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
