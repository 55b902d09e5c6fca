import { Button, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useApi } from '../../app/api-context';
import { useDialogStore } from '../../ui/dialog-store';
import { useSettingsStore } from '../../entities/settings/settings-store';
import { addHost, probeRange } from './actions';

export function AddHostDialog() {
  const api = useApi();
  const close = useDialogStore((s) => s.close);
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const ok = await addHost(api, address.trim());
    setBusy(false);
    if (ok) close();
  };
  return (
    <Modal opened onClose={close} title="Add host by address" centered>
      <form onSubmit={(e) => void submit(e) /* addHost/probeRange notify their own failure */}>
        <Stack>
          <Text size="sm">For a host that discovery does not find (another subnet, mDNS blocked). Its Local UI address, e.g. 10.0.0.21:5080.</Text>
          <TextInput label="Address" placeholder="10.0.0.21:5080" required value={address} onChange={(e) => setAddress(e.currentTarget.value)} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!address.trim()}>
              Add host
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;

export function ProbeRangeDialog() {
  const api = useApi();
  const close = useDialogStore((s) => s.close);
  const defaultPort = useSettingsStore((s) => s.settings?.probePort ?? 5080);
  const [cidr, setCidr] = useState('');
  const [port, setPort] = useState<number | string>(defaultPort);
  const valid = CIDR.test(cidr.trim());
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = typeof port === 'number' ? port : Number(port);
    if (await probeRange(api, cidr.trim(), Number.isInteger(p) && p > 0 ? p : undefined)) close();
  };
  return (
    <Modal opened onClose={close} title="Probe a range" centered>
      <form onSubmit={(e) => void submit(e) /* addHost/probeRange notify their own failure */}>
        <Stack>
          <Text size="sm">Fieldlink tries every address in the range on the Local UI port. Progress shows in the task centre.</Text>
          <TextInput
            label="Range (CIDR)"
            placeholder="10.0.0.0/24"
            required
            value={cidr}
            onChange={(e) => setCidr(e.currentTarget.value)}
            error={cidr && !valid ? 'Write the range as address/prefix, e.g. 10.0.0.0/24' : null}
            data-autofocus
          />
          <NumberInput label="Port" min={1} max={65535} value={port} onChange={setPort} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={!valid}>
              Probe
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
