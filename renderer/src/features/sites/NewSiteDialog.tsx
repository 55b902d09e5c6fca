// "New site…": a name, then the console works on the new, empty site (the current one is kept as it is).
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useApi } from '../../app/api-context';
import { switchSite } from './site-actions';
import { useSitesStore } from './sites-store';

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}$/;

/** What is wrong with a typed name, in words; null when the core will take it. */
export function siteNameProblem(name: string, existing: readonly string[]): string | null {
  const trimmed = name.trim();
  if (!trimmed) return null;
  if (!NAME.test(trimmed)) return 'Use up to 63 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit.';
  const canonical = trimmed.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
  if (existing.includes(canonical)) return `A site named ${canonical} exists already: choose it from the site menu.`;
  return null;
}

export function NewSiteDialog() {
  const api = useApi();
  const open = useSitesStore((s) => s.newSiteOpen);
  const setOpen = useSitesStore((s) => s.openNewSite);
  const view = useSitesStore((s) => s.view);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const problem = siteNameProblem(name, view?.sites ?? []);
  const close = () => {
    setOpen(false);
    setName('');
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim() || problem || busy) return;
    setBusy(true);
    const done = await switchSite(api, name.trim(), true);
    setBusy(false);
    if (done) close();
  };
  // submit shows its failure through switchSite and never rejects.
  const onSubmit = (e: FormEvent) => void submit(e);
  return (
    <Modal opened={open} onClose={close} title="New site" centered>
      <form onSubmit={onSubmit}>
        <Stack gap="sm">
          <Text size="sm">
            A site keeps its own hosts, trusted certificates, credentials and action log. The current site stays as it is; switch back to it from the site menu.
          </Text>
          <TextInput
            label="Site name"
            placeholder="e.g. Plant 7"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={problem}
            data-autofocus
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim() || problem !== null}>
              Create and switch
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
