// Where every card of the site goes, computed from counts alone (no measuring): bands of fixed-height rows. A leader's
// band holds the leader card in the first column, as tall as its followers table needs, and its followers beside it;
// more followers continue in rows indented under the leader. Loose hosts fill plain rows. HostGrid mounts only the
// bands near the viewport, so a site of 1000 hosts costs what a screenful does.
import type { Density } from './view-store';
import type { Section } from './visible-hosts';

export interface Metrics {
  cardHeight: number;
  /** Rows holding a card that needs attention (a certificate to check, credentials): room for the whole panel. */
  tallHeight: number;
  minWidth: number;
  gap: number;
}

export const METRICS: Record<Density, Metrics> = {
  compact: { cardHeight: 212, tallHeight: 346, minWidth: 260, gap: 12 },
  detailed: { cardHeight: 540, tallHeight: 540, minWidth: 360, gap: 16 },
};

/** A leader's table shows every follower up to this many; beyond, a "Show all" button opens the full list. */
export const PEERS_SHOWN = 12;
export const PEER_ROW_HEIGHT = 23;
/** Everything on a leader card besides its followers table (header, token, bar, buttons, uploads footer). */
const LEADER_BASE: Record<Density, number> = { compact: 318, detailed: 430 };

export function leaderCardNeeds(density: Density, followers: number): number {
  const rows = Math.min(followers, PEERS_SHOWN);
  return LEADER_BASE[density] + rows * PEER_ROW_HEIGHT + (followers > PEERS_SHOWN ? 30 : 0);
}

export interface Band {
  key: string;
  top: number;
  height: number;
  /** Height of one row of this band. */
  rowHeight: number;
  /** Cards in grid order. `null` is an empty cell (the column under a leader). */
  cells: (string | null)[];
  /** Rows the first cell spans (the leader card); 1 for plain rows. */
  leaderRows: number;
}

export interface Layout {
  columns: number;
  bands: Band[];
  height: number;
}

export function columnsFor(width: number, m: Metrics): number {
  return Math.max(1, Math.floor((width + m.gap) / (m.minWidth + m.gap)));
}

export function layoutSite(
  sections: Section[],
  columns: number,
  density: Density,
  followersOf: (leaderId: string) => number,
  tall: (id: string) => boolean = () => false,
): Layout {
  const m = METRICS[density];
  const row = m.cardHeight + m.gap;
  const bands: Band[] = [];
  let top = 0;
  const push = (key: string, cells: (string | null)[], rows: number, leaderRows = 1) => {
    // A leader band keeps the plain height: the leader card is sized by its table, not by its followers.
    const rowHeight = leaderRows === 1 && cells.some((id) => id !== null && tall(id)) ? m.tallHeight : m.cardHeight;
    const height = rows * (rowHeight + m.gap) - m.gap;
    bands.push({ key, top, height, rowHeight, cells, leaderRows });
    top += height + m.gap;
  };
  const plainRows = (ids: string[], width: number, indent: boolean) => {
    for (let i = 0; i < ids.length; i += width) {
      const cells = ids.slice(i, i + width);
      push(`row:${cells[0]}`, indent ? [null, ...cells] : cells, 1);
    }
  };
  for (const s of sections) {
    if (!s.leaderId || columns === 1) {
      if (s.leaderId) {
        // One column: the leader alone, as tall as its table needs, then its followers one per row.
        const needs = leaderCardNeeds(density, followersOf(s.leaderId));
        push(`lead:${s.leaderId}`, [s.leaderId], Math.max(1, Math.ceil((needs + m.gap) / row)), Math.max(1, Math.ceil((needs + m.gap) / row)));
        plainRows(s.ids.slice(1), 1, false);
      } else plainRows(s.ids, columns, false);
      continue;
    }
    const followers = s.ids.slice(1);
    const beside = columns - 1;
    const leaderRows = Math.max(1, Math.ceil((leaderCardNeeds(density, followersOf(s.leaderId)) + m.gap) / row));
    const first = followers.slice(0, leaderRows * beside);
    const rows = Math.max(leaderRows, Math.ceil(first.length / beside));
    push(`lead:${s.leaderId}`, [s.leaderId, ...first], rows, rows);
    plainRows(followers.slice(first.length), beside, true);
  }
  return { columns, bands, height: Math.max(0, top - m.gap) };
}

/** The bands that intersect [from, to] (page pixels relative to the grid's top). */
export function bandsIn(layout: Layout, from: number, to: number): Band[] {
  return layout.bands.filter((b) => b.top + b.height >= from && b.top <= to);
}
