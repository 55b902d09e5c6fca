// Choose the leader, see the preflight per host, then link. Nothing runs before the user has seen every refusal.
import { Alert, Badge, Button, Group, List, Loader, Modal, Radio, Stack, Table, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PreflightResult } from '../../../../shared/contract';
import { plural } from '../../lib/format';
import { useApi } from '../../app/api-context';
import { hostLabel, useHostsStore } from '../../entities/hosts/hosts-store';
import { cancelLinkFlow, preflight, readyFollowers, startLink, useLinkFlowStore } from './link-flow-store';

function PickLeader({ followerIds }: { followerIds: string[] }) {
  const api = useApi();
  const leaders = useHostsStore(
    useShallow((s) =>
      Object.values(s.byId)
        .filter((h) => h.role === 'leader' && !followerIds.includes(h.id))
        .map((h) => h.id),
    ),
  );
  // Any Ready standalone host may lead too: the link makes it the leader first (one confirmation for both).
  const candidates = useHostsStore(
    useShallow((s) =>
      Object.values(s.byId)
        .filter((h) => h.role === 'standalone' && h.state === 'Ready' && h.access === 'ok' && h.online && !followerIds.includes(h.id))
        .map((h) => h.id),
    ),
  );
  const [leaderId, setLeaderId] = useState<string | null>(leaders.length === 1 ? leaders[0]! : null);
  // The dialog opens on its choice, not on its close button: Check hosts when the one leader is already chosen, else
  // the first leader to choose from (arrow keys then walk the group).
  const [preset] = useState(leaderId !== null);
  const firstChoice = leaders[0] ?? candidates[0];
  return (
    <Stack>
      <Text size="sm">Link {followerIds.length === 1 ? hostLabel(followerIds[0]!) : plural(followerIds.length, 'host')} to which leader?</Text>
      {leaders.length + candidates.length === 0 ? (
        <Alert color="yellow">No host can lead: every other host is linked or not ready. Unlink a host or add one, then try again.</Alert>
      ) : (
        <Radio.Group label="Leader" value={leaderId} onChange={setLeaderId}>
          <Stack gap={6} mt={6}>
            {leaders.map((id) => (
              <Radio key={id} value={id} label={hostLabel(id)} data-autofocus={!preset && id === firstChoice ? true : undefined} />
            ))}
            {candidates.map((id) => (
              <Radio key={id} value={id} label={`${hostLabel(id)} (becomes the leader)`} data-autofocus={!preset && id === firstChoice ? true : undefined} />
            ))}
          </Stack>
        </Radio.Group>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={cancelLinkFlow}>
          Cancel
        </Button>
        <Button
          disabled={!leaderId}
          data-autofocus={preset ? true : undefined}
          onClick={() => leaderId && void preflight(api, leaderId, followerIds) /* a failed check is shown as a notification (attempt) */}
        >
          Check hosts
        </Button>
      </Group>
    </Stack>
  );
}

/** Yellow notes beside a host: worth knowing before linking, but they do not refuse it. */
function PreflightWarnings({ warnings }: { warnings: string[] | undefined }) {
  if (!warnings?.length) return null;
  return (
    // Body-coloured text on the light yellow of either theme: the yellow itself reads badly as text.
    <List
      size="xs"
      aria-label="Warnings"
      mb={4}
      px={6}
      py={2}
      style={{ background: 'var(--mantine-color-yellow-light)', borderLeft: '3px solid var(--mantine-color-yellow-filled)', borderRadius: 4 }}
    >
      {warnings.map((w) => (
        <List.Item key={w}>{w}</List.Item>
      ))}
    </List>
  );
}

function Review({ leaderId, followerIds, results, starting }: { leaderId: string; followerIds: string[]; results: PreflightResult[]; starting: boolean }) {
  const api = useApi();
  const byId = new Map(results.map((r) => [r.hostId, r]));
  const leaderRow = byId.get(leaderId);
  const ready = readyFollowers(leaderId, followerIds, results).length;
  const refused = followerIds.length - ready;
  const becomesLeader = useHostsStore((s) => s.byId[leaderId]?.role !== 'leader');
  // The check replaced the button that had the focus (Check hosts), which leaves it on the page behind the dialog;
  // the modal's data-autofocus acts only when it opens. Give it to the next step: link, or close when none passed.
  const confirmRef = useRef<HTMLButtonElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => (confirmRef.current ?? closeRef.current)?.focus(), []);
  return (
    <Stack>
      <Text size="sm">
        Leader: <b>{hostLabel(leaderId)}</b>
        {becomesLeader ? ' (not a leader yet: linking makes it the leader first)' : ''}. {ready} ready to link
        {refused > 0 ? `, ${refused} refused (they are left out)` : ''}.
      </Text>
      {leaderRow?.warnings?.length ? (
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Text size="sm" fw={500}>
            {leaderRow.name || hostLabel(leaderId)}:
          </Text>
          <PreflightWarnings warnings={leaderRow.warnings} />
        </Group>
      ) : null}
      {leaderRow && !leaderRow.ok && (
        <Alert color="red" title={`${leaderRow.name || hostLabel(leaderId)} cannot take followers now`}>
          <List size="sm">
            {leaderRow.reasons.map((reason) => (
              <List.Item key={reason}>{reason}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Table aria-label="Preflight results" verticalSpacing={4}>
        <Table.Tbody>
          {followerIds.map((id) => {
            const r = byId.get(id);
            return (
              <Table.Tr key={id}>
                <Table.Td maw={180}>
                  <Text size="sm" truncate>
                    {r?.name || hostLabel(id)}
                  </Text>
                </Table.Td>
                <Table.Td w={90}>
                  <Badge color={r?.ok ? 'green' : 'red'} variant={r?.ok ? 'light' : 'filled'}>
                    {r?.ok ? 'ready' : 'refused'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <PreflightWarnings warnings={r?.warnings} />
                  {r && !r.ok ? (
                    <List size="xs">
                      {r.reasons.map((reason) => (
                        <List.Item key={reason}>{reason}</List.Item>
                      ))}
                    </List>
                  ) : !r ? (
                    <Text size="xs">Not checked.</Text>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end">
        <Button ref={closeRef} variant="default" onClick={cancelLinkFlow}>
          {ready === 0 ? 'Close' : 'Cancel'}
        </Button>
        {ready > 0 && (
          <Button ref={confirmRef} loading={starting} onClick={() => void startLink(api) /* a refused start is shown as a notification (attempt) */}>
            {becomesLeader ? `Make leader and link ${plural(ready, 'host')}` : `Link ${plural(ready, 'host')}`}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

export function LinkFlowDialog() {
  const flow = useLinkFlowStore((s) => s.flow);
  if (flow.step === 'idle') return null;
  return (
    <Modal opened onClose={cancelLinkFlow} title="Link to leader" centered size="lg">
      {flow.step === 'pick-leader' && <PickLeader followerIds={flow.followerIds} />}
      {flow.step === 'checking' && (
        <Group>
          <Loader size="sm" />
          <Text size="sm">
            Checking {plural(flow.followerIds.length, 'host')} against {hostLabel(flow.leaderId)}…
          </Text>
        </Group>
      )}
      {(flow.step === 'review' || flow.step === 'starting') && (
        <Review leaderId={flow.leaderId} followerIds={flow.followerIds} results={flow.results} starting={flow.step === 'starting'} />
      )}
    </Modal>
  );
}
