// The report as one self-contained, printable HTML file: no script, no external resource (a strict CSP in the file
// says so), the topology as inline SVG, and print styles so "Print" or printToPDF gives clean pages.
import { escapeHtml as e } from './escape';
import type { CommissioningReport } from './report-data';
import { topologySvg } from './topology-svg';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#0f172a;margin:24px;font-size:13px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #cbd5e1;padding-bottom:4px}
.meta{color:#475569;margin:0 0 16px}table{border-collapse:collapse;width:100%;margin:0 0 8px}
th,td{border:1px solid #cbd5e1;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f1f5f9}
.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px;word-break:break-all}
.bad{color:#b91c1c}.ok{color:#15803d}.muted{color:#64748b}
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}.topology{break-inside:avoid}}
`;

const cls = (result: string) =>
  /^(succeeded|ok|healthy|completed|synced)/i.test(result) ? 'ok' : /^(failed|refused|unhealthy|cancelled|partial)/i.test(result) ? 'bad' : '';
const dash = (v: unknown) => (v === null || v === undefined || v === '' ? '–' : e(v));

export function reportHtml(report: CommissioningReport): string {
  const title = `Commissioning report${report.site ? ` — ${report.site}` : ''}`;
  const hosts = report.hosts
    .map(
      (h) =>
        `<tr data-host-id="${e(h.id)}"><td class="mono">${e(h.id)}</td><td>${e(h.name)}</td><td>${e(h.address)}:${h.port}</td>` +
        `<td class="mono">${dash(h.fingerprint)}</td>` +
        `<td>${dash(h.mode)}</td><td>${dash(h.os)}</td><td>${dash(h.agentVersion)}</td><td>${dash(h.state)}${h.online ? '' : ' <span class="bad">(offline)</span>'}</td>` +
        `<td>${e(h.role)}</td><td>${dash(h.leaderName)}</td></tr>`,
    )
    .join('');
  const groups = report.groups
    .map((g) => {
      const rows = g.followers.length
        ? g.followers
            .map(
              (f) =>
                `<tr><td>${e(f.name)}<div class="mono muted">${e(f.id)}</div></td><td>${e(f.address)}</td><td>${e(f.link)}</td>` +
                `<td class="${cls(f.health ?? '')}">${dash(f.health)}${f.healthReason ? `: ${e(f.healthReason)}` : ''}</td><td class="${cls(f.sync ?? '')}">${dash(f.sync)}</td></tr>`,
            )
            .join('')
        : '<tr><td colspan="5" class="muted">No follower.</td></tr>';
      return `<h3>${e(g.leaderName)} <span class="mono muted">${e(g.leaderId)}</span></h3><table><thead><tr><th>Follower</th><th>Address</th><th>Link</th><th>Health</th><th>Content sync</th></tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('');
  const bundles = report.bundles
    .map(
      (b) =>
        `<tr><td>${e(b.hostName)}</td><td>${e(b.fileName)}</td><td>${b.size === null ? '–' : `${b.size} bytes`}</td><td class="mono">${e(b.sha256)}</td><td>${dash(b.uploadedAt)}</td>` +
        `<td>${b.sync.length ? b.sync.map((s) => `<div class="${cls(s.status ?? '')}">${e(s.name)}: ${dash(s.status)}</div>`).join('') : '<span class="muted">no follower</span>'}</td></tr>`,
    )
    .join('');
  const actions = report.actions
    .map(
      (a) =>
        `<tr><td>${e(a.time)}</td><td>${e(a.action)}</td><td>${e(a.title)}</td><td class="${cls(a.result)}">${e(a.result)}</td>` +
        `<td>${a.hosts.map((h) => `<div>${e(h.name)}: <span class="${cls(h.result)}">${e(h.result)}</span></div>`).join('')}</td><td>${dash(a.reason)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${STYLE}</style></head>
<body>
<h1>${e(title)}</h1>
<p class="meta">Site: <strong>${dash(report.site)}</strong> · Generated ${e(report.generatedAt)} by Fieldlink ${e(report.consoleVersion)} · Technician: <strong>${dash(report.technician)}</strong></p>
<h2>Topology</h2><div class="topology">${topologySvg(report)}</div>
<h2>Hosts (${report.hosts.length})</h2>
<table><thead><tr><th>Id</th><th>Name</th><th>Address</th><th>Certificate fingerprint (SHA-256)</th><th>Mode</th><th>OS</th><th>Agent</th><th>State</th><th>Role</th><th>Leader</th></tr></thead><tbody>${hosts || '<tr><td colspan="10" class="muted">No host.</td></tr>'}</tbody></table>
<h2>Groups (${report.groups.length})</h2>${groups || '<p class="muted">No group on this site.</p>'}
<h2>Content bundles</h2>
<table><thead><tr><th>Host</th><th>File</th><th>Size</th><th>sha256 (as stored on the host)</th><th>Uploaded</th><th>Sync per follower</th></tr></thead><tbody>${bundles || '<tr><td colspan="6" class="muted">No bundle reported by any host.</td></tr>'}</tbody></table>
<h2>Action log (${report.actions.length})</h2>
<table><thead><tr><th>Time</th><th>Action</th><th>What</th><th>Result</th><th>Hosts</th><th>Reason</th></tr></thead><tbody>${actions || '<tr><td colspan="6" class="muted">No action recorded.</td></tr>'}</tbody></table>
</body></html>
`;
}
