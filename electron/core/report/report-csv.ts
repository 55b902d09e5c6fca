// The report as CSV for a spreadsheet: one section per kind of record (hosts, groups, bundles, actions), each with
// its own header row, separated by an empty line. Cells that a spreadsheet would run as a formula are defused.
import type { CommissioningReport } from './report-data';

function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  // =, +, -, @ (and tab/CR) at the start make spreadsheets evaluate a cell: host text must never do that.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const row = (values: unknown[]) => values.map(cell).join(',');

export function reportCsv(report: CommissioningReport): string {
  const lines: string[] = [];
  lines.push(row(['report', 'site', 'generated', 'console version', 'technician']));
  lines.push(row(['commissioning', report.site, report.generatedAt, report.consoleVersion, report.technician]));
  lines.push('');
  lines.push(row(['host id', 'name', 'address', 'fingerprint', 'mode', 'os', 'agent version', 'state', 'role', 'leader id', 'leader', 'online', 'access']));
  for (const h of report.hosts) {
    lines.push(
      row([
        h.id,
        h.name,
        `${h.address}:${h.port}`,
        h.fingerprint,
        h.mode,
        h.os,
        h.agentVersion,
        h.state,
        h.role,
        h.leaderId,
        h.leaderName,
        h.online ? 'yes' : 'no',
        h.access,
      ]),
    );
  }
  lines.push('');
  lines.push(row(['group leader id', 'leader', 'follower id', 'follower', 'address', 'link', 'health', 'health reason', 'sync']));
  for (const g of report.groups) {
    if (!g.followers.length) lines.push(row([g.leaderId, g.leaderName, '', '', '', '', '', '', '']));
    for (const f of g.followers) lines.push(row([g.leaderId, g.leaderName, f.id, f.name, f.address, f.link, f.health, f.healthReason, f.sync]));
  }
  lines.push('');
  lines.push(row(['bundle host id', 'host', 'file', 'size (bytes)', 'sha256', 'uploaded', 'follower id', 'follower', 'sync']));
  for (const b of report.bundles) {
    if (!b.sync.length) lines.push(row([b.hostId, b.hostName, b.fileName, b.size, b.sha256, b.uploadedAt, '', '', '']));
    for (const s of b.sync) lines.push(row([b.hostId, b.hostName, b.fileName, b.size, b.sha256, b.uploadedAt, s.id, s.name, s.status]));
  }
  lines.push('');
  lines.push(row(['action time', 'action', 'title', 'result', 'hosts', 'reason']));
  for (const a of report.actions) {
    lines.push(row([a.time, a.action, a.title, a.result, a.hosts.map((h) => `${h.name}: ${h.result}`).join('; '), a.reason]));
  }
  return `${lines.join('\r\n')}\r\n`;
}
