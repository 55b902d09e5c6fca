// "Review N new certificates": one dialog lists every host met for the first time with its address, name and
// fingerprint, all ticked. The technician compares each fingerprint with the one on the host's console, unticks
// any that does not match, and one confirmation trusts the rest.
import { Alert, Button, Checkbox, Code, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { BulkTrustResult } from '../../../../shared/contract';
import { useApi } from '../../app/api-context';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { changedCertificates, newCertificates, trustReviewed, type ReviewRow } from './review-certificates';

/** The header button; renders nothing while no host waits for its certificate to be checked. */
export function ReviewCertificatesButton() {
  const byId = useHostsStore((s) => s.byId);
  const count = useMemo(() => newCertificates(Object.values(byId)).length, [byId]);
  const [open, setOpen] = useState(false);
  if (count === 0 && !open) return null;
  return (
    <>
      {count > 0 && (
        <Button variant="filled" color="yellow" leftSection={<IconShieldCheck size={16} />} onClick={() => setOpen(true)}>
          {count === 1 ? 'Review 1 new certificate' : `Review ${count} new certificates`}
        </Button>
      )}
      {open && <ReviewCertificatesDialog onClose={() => setOpen(false)} />}
    </>
  );
}

export function ReviewCertificatesDialog({ onClose }: { onClose: () => void }) {
  const api = useApi();
  // The list as it was when the dialog opened: rows must not move under the technician's eyes while they compare.
  const [rows] = useState<ReviewRow[]>(() => newCertificates(Object.values(useHostsStore.getState().byId)));
  const changed = useMemo(() => changedCertificates(Object.values(useHostsStore.getState().byId)), []);
  const [unticked, setUnticked] = useState<Set<string>>(() => new Set());
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<BulkTrustResult[]>([]);
  const ticked = rows.filter((r) => !unticked.has(r.hostId));

  const toggle = (hostId: string, on: boolean) =>
    setUnticked((prev) => {
      const next = new Set(prev);
      if (on) next.delete(hostId);
      else next.add(hostId);
      return next;
    });

  const confirm = async () => {
    setBusy(true);
    const results = await trustReviewed(api, ticked);
    setBusy(false);
    if (!results) return;
    const notTrusted = results.filter((r) => !r.trusted);
    if (notTrusted.length === 0) onClose();
    else setRefused(notTrusted);
  };

  return (
    <Modal opened onClose={onClose} title="Review new certificates" size="xl" centered scrollAreaComponent={ScrollArea.Autosize}>
      <Stack>
        <Text size="sm">
          Compare each fingerprint with the one shown on that host&apos;s console. Untick any host whose fingerprint does not match, or that you do not
          recognise: it stays untrusted and Fieldlink sends it nothing.
        </Text>
        {changed > 0 && (
          <Alert color="red" title={changed === 1 ? '1 host has a changed certificate' : `${changed} hosts have a changed certificate`}>
            A changed certificate is never trusted together with others. Open that host&apos;s card to compare the old and new fingerprints.
          </Alert>
        )}
        {refused.length > 0 && (
          <Alert color="orange" title="Some hosts were not trusted">
            {refused.map((r) => (
              <Text size="sm" key={r.hostId}>
                {r.name}: {r.message}
              </Text>
            ))}
          </Alert>
        )}
        <Group justify="space-between">
          <Text size="sm" aria-live="polite">
            {ticked.length} of {rows.length} ticked
          </Text>
          <Group gap="xs">
            <Button size="compact-sm" variant="subtle" onClick={() => setUnticked(new Set())}>
              Tick all
            </Button>
            <Button size="compact-sm" variant="subtle" onClick={() => setUnticked(new Set(rows.map((r) => r.hostId)))}>
              Untick all
            </Button>
          </Group>
        </Group>
        <Table striped withTableBorder aria-label="New certificates">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Trust</Table.Th>
              <Table.Th>Host</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th>SHA-256 fingerprint</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.hostId}>
                <Table.Td>
                  <Checkbox
                    aria-label={`Trust ${r.name} at ${r.address}`}
                    checked={!unticked.has(r.hostId)}
                    onChange={(e) => toggle(r.hostId, e.currentTarget.checked)}
                  />
                </Table.Td>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td>{r.address}</Table.Td>
                <Table.Td>
                  <Code className="fl-fingerprint" aria-label={`Fingerprint of ${r.name}`}>
                    {r.fingerprint}
                  </Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={ticked.length === 0} loading={busy} onClick={() => void confirm() /* trustReviewed notifies its failure */}>
            {ticked.length === 1 ? 'Trust 1 host' : `Trust ${ticked.length} hosts`}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
