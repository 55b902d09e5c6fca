// Typing a path, for the browser build: the page cannot learn where a dropped or picked file is, but the core can
// read any path on the machine it runs on (with `npm run serve`, this same computer).
import { Button, Group, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';

interface Props {
  label: string;
  description?: string;
  submitLabel: string;
  busy?: boolean;
  /** Takes the focus when the surrounding Modal opens (Mantine's `data-autofocus`, kept inside its focus trap). */
  focusOnOpen?: boolean;
  onSubmit(path: string): void;
}

export function PathForm({ label, description, submitLabel, busy = false, focusOnOpen = false, onSubmit }: Props) {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const path = value.trim();
    if (!path) return;
    onSubmit(path);
    setValue('');
  };
  return (
    <form onSubmit={submit}>
      <Group align="flex-end" wrap="nowrap" gap="xs">
        <TextInput
          label={label}
          description={description}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          placeholder="/media/usb/content-bundle.tar.zst"
          spellCheck={false}
          autoComplete="off"
          data-autofocus={focusOnOpen || undefined}
          style={{ flex: 1 }}
        />
        <Button type="submit" variant="light" loading={busy} disabled={!value.trim()}>
          {submitLabel}
        </Button>
      </Group>
    </form>
  );
}
