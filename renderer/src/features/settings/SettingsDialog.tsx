import { Button, Divider, Group, Modal, NumberInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { NetworkInterfaceView, SettingsView } from '../../../../shared/contract';
import { useApi } from '../../app/api-context';
import { useDialogStore } from '../../ui/dialog-store';
import { attempt } from '../../ui/notify';
import { saveSettings } from './actions';
import { InterfacesPicker } from './InterfacesPicker';
import { useSettingsStore } from '../../entities/settings/settings-store';

const asInt = (v: number | string, fallback: number) => (typeof v === 'number' && Number.isInteger(v) ? v : fallback);

export function SettingsDialog() {
  const api = useApi();
  const close = useDialogStore((s) => s.close);
  const current = useSettingsStore((s) => s.settings);
  const [draft, setDraft] = useState<SettingsView | null>(current);
  const [interfaces, setInterfaces] = useState<NetworkInterfaceView[] | null>(null);

  useEffect(() => {
    let live = true;
    // attempt notifies the failure and resolves to undefined, so the list shows empty.
    void attempt('Could not list the network interfaces', () => api['discovery.interfaces']({})).then((list) => {
      if (live) setInterfaces(list ?? []);
    });
    return () => {
      live = false;
    };
  }, [api]);
  // Opened before the first settings arrived: start the draft from them as soon as they do (set during render, as
  // React advises for state that follows a prop; it renders once more before anything is painted).
  if (!draft && current) setDraft(current);

  const patch = (p: Partial<SettingsView>) => setDraft((d) => (d ? { ...d, ...p } : d));
  const save = async () => {
    if (!draft) return;
    const technician = (draft.technician ?? '').trim();
    const ok = await saveSettings(api, {
      mdnsInterfaces: draft.mdnsInterfaces,
      linkConcurrency: draft.linkConcurrency,
      uploadConcurrency: draft.uploadConcurrency,
      probePort: draft.probePort,
      theme: draft.theme,
      // Sent only when edited here: a name saved meanwhile from the CLI or another window is not overwritten.
      ...(technician !== (current?.technician ?? '') ? { technician } : {}),
    });
    if (ok) close();
  };

  return (
    <Modal opened onClose={close} title="Settings" centered size="lg">
      {!draft ? (
        <Text size="sm">Loading…</Text>
      ) : (
        <Stack>
          <InterfacesPicker interfaces={interfaces} value={draft.mdnsInterfaces} onChange={(mdnsInterfaces) => patch({ mdnsInterfaces })} />
          <Divider />
          <Group grow align="start">
            <NumberInput
              label="Hosts linked at once"
              min={1}
              max={64}
              value={draft.linkConcurrency}
              onChange={(v) => patch({ linkConcurrency: asInt(v, draft.linkConcurrency) })}
            />
            <NumberInput
              label="Uploads at once"
              min={1}
              max={8}
              value={draft.uploadConcurrency}
              onChange={(v) => patch({ uploadConcurrency: asInt(v, draft.uploadConcurrency) })}
            />
            <NumberInput label="Probe port" min={1} max={65535} value={draft.probePort} onChange={(v) => patch({ probePort: asInt(v, draft.probePort) })} />
          </Group>
          <TextInput
            label="Technician"
            description="Your name, as commissioning reports of this site show it."
            value={draft.technician ?? ''}
            onChange={(e) => patch({ technician: e.currentTarget.value })}
            maxLength={100}
          />
          <div>
            <Text size="sm" fw={500} mb={4} id="theme-label">
              Theme
            </Text>
            <SegmentedControl
              aria-labelledby="theme-label"
              value={draft.theme}
              onChange={(theme) => patch({ theme: theme as SettingsView['theme'] })}
              data={[
                { value: 'light', label: 'Light' },
                { value: 'dark', label: 'Dark' },
                { value: 'auto', label: 'Follow the system' },
              ]}
            />
          </div>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              onClick={() => void save() /* saveSettings notifies its failure */}
              disabled={draft.mdnsInterfaces !== 'all' && draft.mdnsInterfaces.length === 0}
            >
              Save
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
