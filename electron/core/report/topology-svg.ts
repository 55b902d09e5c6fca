// The site's topology drawn as inline SVG for the printable report: each leader with its followers below it, and
// the hosts on their own in a last row. Plain shapes and text only, so it prints the same everywhere.
import type { CommissioningReport } from './report-data';
import { escapeHtml } from './escape';

const BOX_W = 150;
const BOX_H = 44;
const GAP_X = 20;
const GAP_Y = 50;

const short = (text: string, max = 22) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function box(x: number, y: number, title: string, sub: string, kind: 'leader' | 'follower' | 'alone'): string {
  const fill = kind === 'leader' ? '#dbeafe' : kind === 'follower' ? '#f1f5f9' : '#fff7ed';
  return (
    `<g><rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="${fill}" stroke="#334155"/>` +
    `<text x="${x + BOX_W / 2}" y="${y + 18}" text-anchor="middle" font-size="12" font-weight="600">${escapeHtml(short(title))}</text>` +
    `<text x="${x + BOX_W / 2}" y="${y + 34}" text-anchor="middle" font-size="10" fill="#475569">${escapeHtml(short(sub, 26))}</text></g>`
  );
}

export function topologySvg(report: CommissioningReport): string {
  const parts: string[] = [];
  let x = GAP_X;
  let height = GAP_Y;
  const grouped = new Set<string>();
  for (const g of report.groups) {
    grouped.add(g.leaderId);
    const width = Math.max(1, g.followers.length) * (BOX_W + GAP_X) - GAP_X;
    const lx = x + (width - BOX_W) / 2;
    parts.push(box(lx, GAP_Y / 2, g.leaderName, 'leader', 'leader'));
    g.followers.forEach((f, i) => {
      grouped.add(f.id);
      const fx = x + i * (BOX_W + GAP_X);
      const fy = GAP_Y / 2 + BOX_H + GAP_Y;
      const stroke = f.health === 'Unhealthy' ? '#dc2626' : '#64748b';
      parts.push(`<line x1="${lx + BOX_W / 2}" y1="${GAP_Y / 2 + BOX_H}" x2="${fx + BOX_W / 2}" y2="${fy}" stroke="${stroke}" stroke-width="1.5"/>`);
      parts.push(box(fx, fy, f.name, `${f.link}${f.sync ? ` · ${f.sync}` : ''}`, 'follower'));
      height = Math.max(height, fy + BOX_H + GAP_Y / 2);
    });
    height = Math.max(height, GAP_Y / 2 + BOX_H + GAP_Y / 2);
    x += width + GAP_X * 2;
  }
  const alone = report.hosts.filter((h) => !grouped.has(h.id));
  const aloneY = report.groups.length ? height + GAP_Y / 2 : GAP_Y / 2;
  alone.forEach((h, i) => parts.push(box(GAP_X + i * (BOX_W + GAP_X), aloneY, h.name, `${h.role}${h.online ? '' : ' · offline'}`, 'alone')));
  const totalW = Math.max(x, GAP_X + alone.length * (BOX_W + GAP_X), 300);
  const totalH = alone.length ? aloneY + BOX_H + GAP_Y / 2 : height;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Site topology" viewBox="0 0 ${totalW} ${totalH}" width="100%" style="max-width:${totalW}px" font-family="system-ui, sans-serif">` +
    parts.join('') +
    '</svg>'
  );
}
