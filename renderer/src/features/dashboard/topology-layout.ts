// Where each host sits in the topology graph: groups side by side across the full width (leader on top, followers in
// a grid under it), then the hosts not in a group. Computed from the sections alone, so a status update moves nothing.
import type { Section } from './visible-hosts';

export const NODE = { width: 156, height: 48, gapX: 14, gapY: 16, leaderGap: 56, groupGap: 60 };
/** The width the groups fill before a new line of groups starts (graph units; fitView scales it to the screen). */
const LINE_WIDTH = 1800;

export interface Placed {
  id: string;
  x: number;
  y: number;
  /** The leader this host hangs under (an edge is drawn), or null. */
  leaderId: string | null;
}

function columnsFor(n: number): number {
  // Wide rather than tall: a screen is wider than high; 49 followers make 10 columns of 5.
  return Math.max(1, Math.min(n, Math.ceil(Math.sqrt(n * 2))));
}

export function layoutTopology(sections: Section[]): Placed[] {
  const out: Placed[] = [];
  const stepX = NODE.width + NODE.gapX;
  const stepY = NODE.height + NODE.gapY;
  let x = 0;
  let y = 0;
  let lineHeight = 0;
  const place = (width: number, height: number) => {
    if (x > 0 && x + width > LINE_WIDTH) {
      x = 0;
      y += lineHeight + NODE.groupGap;
      lineHeight = 0;
    }
    const at = { x, y };
    x += width + NODE.groupGap;
    lineHeight = Math.max(lineHeight, height);
    return at;
  };
  for (const s of sections) {
    const followers = s.leaderId ? s.ids.slice(1) : s.ids;
    const cols = columnsFor(followers.length);
    const rows = Math.ceil(followers.length / cols);
    const width = Math.max(NODE.width, cols * stepX - NODE.gapX);
    const top = s.leaderId ? NODE.height + NODE.leaderGap : 0;
    const at = place(width, top + rows * stepY);
    if (s.leaderId) out.push({ id: s.leaderId, x: at.x + (width - NODE.width) / 2, y: at.y, leaderId: null });
    followers.forEach((id, i) => out.push({ id, x: at.x + (i % cols) * stepX, y: at.y + top + Math.floor(i / cols) * stepY, leaderId: s.leaderId }));
  }
  return out;
}
