// The plan side by side with the site: per group, what the plan asks (left) and how the site stands (right): already
// true, will change, blocked (with why), or linked but not in the plan. Then the actions in the order apply takes them.
import { Badge, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { PlanCheck, PlanRowState } from '../../../../shared/contract';

const STATE: Record<PlanRowState, { label: string; color: string }> = {
  ok: { label: 'Already true', color: 'green' },
  change: { label: 'Will change', color: 'blue' },
  blocked: { label: 'Blocked', color: 'red' },
  extra: { label: 'Not in the plan', color: 'gray' },
};

function StateBadge({ state }: { state: PlanRowState }) {
  return (
    <Badge color={STATE[state].color} variant="light" size="sm">
      {STATE[state].label}
    </Badge>
  );
}

export function PlanComparison({ check }: { check: PlanCheck }) {
  if (check.problems.length) {
    return (
      <Paper withBorder p="sm" role="alert" aria-label="Plan problems">
        <Text fw={600} c="red" mb="xs">
          This plan cannot be applied; nothing of it will be. Fix these lines:
        </Text>
        <List size="sm" spacing={4}>
          {check.problems.map((p, i) => (
            <List.Item key={i}>{`${p.line ? `Line ${p.line}: ` : ''}${p.message}`}</List.Item>
          ))}
        </List>
      </Paper>
    );
  }
  return (
    <Stack gap="md">
      <Text size="sm" fw={600} c={check.matches ? 'green' : undefined}>
        {check.matches
          ? 'The site matches the plan.'
          : `${check.actions.length} action${check.actions.length === 1 ? '' : 's'} to take, ${check.blocked.length} host${check.blocked.length === 1 ? '' : 's'} blocked.`}
      </Text>
      {check.groups.map((g) => (
        <Paper withBorder p="sm" key={g.leader.ref} aria-label={`Group of ${g.leader.name}`} role="region">
          <Table verticalSpacing={4} fz="sm" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="35%">Plan</Table.Th>
                <Table.Th>Site</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td>
                  <Text size="sm" fw={600}>{`Leader ${g.leader.ref}`}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <StateBadge state={g.leader.state} />
                    <Text size="sm">{g.leader.note}</Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
              {g.followers.map((f) => (
                <Table.Tr key={`${f.ref}-${f.state}`} data-plan-row={f.state}>
                  <Table.Td>
                    <Text size="sm">
                      {f.state === 'extra' ? (
                        <Text span c="dimmed">
                          {f.name}
                        </Text>
                      ) : (
                        `Follower ${f.ref}`
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" align="flex-start">
                      <StateBadge state={f.state} />
                      <Text size="sm">
                        {f.note}
                        {f.sync ? ` Sync: ${f.sync}.` : ''}
                      </Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
              {g.content.map((c) => (
                <Table.Tr key={c.path}>
                  <Table.Td>
                    <Text size="sm">{`Content ${c.name}`}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" align="flex-start">
                      <StateBadge state={c.state} />
                      <Text size="sm">{c.note}</Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ))}
      {check.actions.length > 0 && (
        <section aria-label="Actions to take">
          <Title order={5} mb={4}>
            Actions, in order
          </Title>
          <List type="ordered" size="sm" spacing={2}>
            {check.actions.map((a, i) => (
              <List.Item key={i}>{a.description}</List.Item>
            ))}
          </List>
        </section>
      )}
      {check.blocked.length > 0 && (
        <section aria-label="What blocks">
          <Title order={5} mb={4} c="red">
            What blocks
          </Title>
          <List size="sm" spacing={2}>
            {check.blocked.map((b, i) => (
              <List.Item key={i}>{`${b.name}${b.line ? ` (line ${b.line})` : ''}: ${b.reasons.join(' ')}`}</List.Item>
            ))}
          </List>
        </section>
      )}
    </Stack>
  );
}
