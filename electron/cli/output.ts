// What the CLI prints on stdout. Text from hosts and mDNS is untrusted: control characters are stripped before it
// reaches a terminal, so a hostile name cannot move the cursor or rewrite earlier lines.
import type { HostView, TaskView } from '../../shared/contract';

export interface Out {
  line(text?: string): void;
  json(value: unknown): void;
}

export function stdoutOut(stream: NodeJS.WritableStream = process.stdout): Out {
  return {
    line: (text = '') => stream.write(`${text}\n`),
    json: (value) => stream.write(`${JSON.stringify(value, null, 2)}\n`),
  };
}

/** Terminal-safe text: no control or bidi-override characters, bounded length. */
export function safe(value: unknown, max = 120): string {
  const text = value === null || value === undefined ? '-' : String(value);
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => row[col]?.length ?? 0))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

export function hostRows(hosts: HostView[]): string[] {
  const header = ['NAME', 'ID', 'URL', 'ONLINE', 'ACCESS', 'ROLE', 'STATE', 'LINK', 'SOURCES'];
  const rows = hosts.map((h) => [
    safe(h.name, 40),
    safe(h.id, 40),
    safe(h.url, 60),
    h.online ? 'yes' : 'no',
    h.access,
    h.role,
    safe(h.state, 20),
    safe(h.linkStatus, 20),
    h.sources.join(','),
  ]);
  return table([header, ...rows]);
}

export function hostDetail(h: HostView): string[] {
  const token = h.token
    ? h.token.support === 'unsupported'
      ? 'not known to generate (this agent cannot show it without starting token generation; its Local UI can)'
      : h.token.generating
        ? `generating, ${h.token.remainingSec} s left of ${h.token.intervalSec} s`
        : 'not generating'
    : '-';
  const pairs: [string, string][] = [
    ['Name', safe(h.name)],
    ['Id', safe(h.id)],
    ['URL', safe(h.url)],
    ['Found by', h.sources.join(', ') || '-'],
    ['Online', h.online ? 'yes' : `no${h.lastSeen ? ` (last seen ${h.lastSeen})` : ''}`],
    // The console's own sentence, which quotes a whole SHA-256 fingerprint (95 characters) to compare: never cut.
    ['Access', `${h.access}${h.accessMessage ? ` (${safe(h.accessMessage, 400)})` : ''}`],
    ['Certificate', safe(h.fingerprint)],
    ['Role', h.role],
    ['State', safe(h.state)],
    ['Mode', safe(h.mode)],
    ['OS', safe(h.os)],
    ['Agent', safe(h.agentVersion)],
    ['Management', safe(h.managementMode)],
    ['Multi-node', h.multiNode === null ? '-' : h.multiNode ? 'yes' : 'no'],
    ['Health', safe(h.health)],
    ['Link status', `${safe(h.linkStatus)}${h.linkError ? ` (${safe(h.linkError)})` : ''}`],
    ['Leader', safe(h.leaderId)],
    ['Token', token],
  ];
  const lines = table(pairs.map(([k, v]) => [`${k}:`, v]));
  if (h.peers.length) {
    lines.push('Peers:');
    for (const line of table([
      ['NAME', 'ID', 'ADDRESS', 'ROLE', 'STATUS', 'HEALTH', 'SYNC'],
      ...h.peers.map((p) => [
        safe(p.name, 40),
        safe(p.id, 40),
        `${safe(p.address, 40)}:${p.port}`,
        safe(p.role, 20),
        safe(p.status, 20),
        safe(p.health),
        safe(p.contentSyncStatus, 30),
      ]),
    ])) {
      lines.push(`  ${line}`);
    }
  }
  return lines;
}

/** Lines for the hosts of a finished task that went well; failures go to stderr through the FailureLog. */
export function taskSuccessLines(task: TaskView): string[] {
  return task.hosts.filter((h) => h.state === 'succeeded').map((h) => `${safe(h.name, 60)}: ${safe(h.message ?? h.detail ?? 'done')}`);
}

/** `<host>: <message>` for each host of a task that did not succeed, or one line for the task when none is named. */
export function taskFailureLines(task: TaskView): string[] {
  const lines = task.hosts
    .filter((h) => h.state !== 'succeeded')
    .map((h) => `${safe(h.name || h.hostId, 60)}: ${safe(h.message ?? describeHostState(h.state), 300)}`);
  if (task.state !== 'succeeded' && lines.length === 0) {
    lines.push(`${safe(task.title, 60)}: ${safe(task.error?.message ?? `the task ended ${task.state}.`, 300)}`);
  }
  return lines;
}

function describeHostState(state: string): string {
  switch (state) {
    case 'refused':
      return 'refused before anything was sent.';
    case 'cancelled':
      return 'cancelled.';
    case 'pending':
    case 'running':
      return 'did not finish.';
    default:
      return 'failed.';
  }
}
