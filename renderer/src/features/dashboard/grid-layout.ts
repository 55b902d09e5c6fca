// Where every card of the site goes, computed from counts alone (no measuring), on a grid of fixed-height rows.
//
// A leader's card takes one column, as many rows tall as its followers table needs; its followers fill the cells to
// its right, row by row from its top row, and go on in the rows under it (one column in) when there are more. The
// next section takes the free cells after the previous one's first card: a second group or the standalone hosts use
// the cells beside a tall leader card instead of leaving them empty, so a 10-host site of any shape fits one
// 1440x900 screen. HostGrid outlines each group's cells, so a group still reads as one. The order on screen is
// the sections' order (leader, its followers, standalone hosts, the rest), never a sort of positions.
//
// Rows form bands: a band ends wherever no card spans into the next row. HostGrid mounts only the bands near the
// viewport, so a site of 1000 hosts costs what a screenful does.
import type { Density } from './view-store';
import type { Section } from './visible-hosts';

export interface Metrics {
  cardHeight: number;
  /** Rows holding a card that needs attention (a certificate to check, credentials): room for the whole panel. */
  tallHeight: number;
  minWidth: number;
  gap: number;
}

// Compact, measured in Chromium at 1440x900 (e2e/browser/ten-host-fit.test.ts): the Hosts region starts 206 px down
// and is 1408 px wide, so five 275 px columns, and three rows end at 881 px. A follower's card, the tallest plain one,
// fills its 220 px exactly (e2e checks that no card's content is cut off).
export const METRICS: Record<Density, Metrics> = {
  compact: { cardHeight: 220, tallHeight: 346, minWidth: 260, gap: 8 },
  detailed: { cardHeight: 540, tallHeight: 540, minWidth: 360, gap: 16 },
};

/** A leader's table shows every follower up to this many; beyond, a "Show all" button opens the full list. */
export const PEERS_SHOWN = 12;
/** One follower row of the leader's table, measured in Chromium (compact cards pad it less). */
const PEER_ROW_HEIGHT: Record<Density, number> = { compact: 27, detailed: 29 };
/**
 * Everything on a leader card besides its table's rows (header, token, bar, buttons, table head, uploads footer),
 * measured in Chromium with a few pixels to spare: a compact leader of 4 followers needs 434 px, a detailed one of 7 708 px.
 */
const LEADER_BASE: Record<Density, number> = { compact: 328, detailed: 510 };
const SHOW_ALL_HEIGHT = 30;

export function leaderCardNeeds(density: Density, followers: number): number {
  const rows = Math.min(followers, PEERS_SHOWN);
  return LEADER_BASE[density] + rows * PEER_ROW_HEIGHT[density] + (followers > PEERS_SHOWN ? SHOW_ALL_HEIGHT : 0);
}

/** One card: its cell in its band's grid (rows counted from the band's first row). */
export interface Placed {
  id: string;
  row: number;
  col: number;
  /** Rows the card spans: a leader's height, 1 for every other card. */
  rows: number;
}

/**
 * One cell of a leader group's outline. `top`/`right`/`bottom`/`left` are true where the neighbouring cell belongs to
 * the same group: the outline is drawn on the other sides, so together the cells outline the group, whatever its shape.
 */
export interface FramePiece {
  leaderId: string;
  row: number;
  col: number;
  top: boolean;
  right: boolean;
  bottom: boolean;
  left: boolean;
}

export interface Band {
  key: string;
  top: number;
  height: number;
  /** Height of each row of this band. */
  rowHeights: number[];
  /** Cards in the sections' order (the order read by keyboard and screen readers). */
  cards: Placed[];
  frames: FramePiece[];
}

export interface Layout {
  columns: number;
  bands: Band[];
  height: number;
}

export function columnsFor(width: number, m: Metrics): number {
  return Math.max(1, Math.floor((width + m.gap) / (m.minWidth + m.gap)));
}

/** The height of a card spanning `rows` rows from `row` (the gaps between them included). */
export function spanHeight(rowHeights: number[], row: number, rows: number, gap: number): number {
  let h = (rows - 1) * gap;
  for (let r = row; r < row + rows; r++) h += rowHeights[r] ?? 0;
  return h;
}

/** Cells taken, row by row; rows past the end are free. */
class Occupancy {
  private readonly rows: boolean[][] = [];
  constructor(readonly columns: number) {}
  isFree(r: number, c: number): boolean {
    return !this.rows[r]?.[c];
  }
  take(r: number, c: number, rows = 1): void {
    for (let i = r; i < r + rows; i++) {
      while (this.rows.length <= i) this.rows.push(new Array<boolean>(this.columns).fill(false));
      this.rows[i]![c] = true;
    }
  }
  /** The first cell at or after reading position `from` that `fits`. */
  find(from: number, fits: (r: number, c: number) => boolean): [number, number] {
    for (let at = from; ; at++) {
      const r = Math.floor(at / this.columns);
      const c = at % this.columns;
      if (fits(r, c)) return [r, c];
    }
  }
}

export function layoutSite(
  sections: Section[],
  columns: number,
  density: Density,
  followersOf: (leaderId: string) => number,
  tall: (id: string) => boolean = () => false,
): Layout {
  const m = METRICS[density];
  const grid = new Occupancy(columns);
  const at = (r: number, c: number) => r * columns + c;
  const placed: Placed[] = [];
  // The leader whose group each cell belongs to ("row:col"), for the outlines.
  const groupOf = new Map<string, string>();
  const put = (id: string, r: number, c: number, rows = 1, leaderId?: string) => {
    grid.take(r, c, rows);
    placed.push({ id, row: r, col: c, rows });
    if (leaderId) for (let i = r; i < r + rows; i++) groupOf.set(`${i}:${c}`, leaderId);
  };
  /** An empty cell of a group (under its leader, where the followers go on indented): in its outline, no card. */
  const reserve = (r: number, c: number, leaderId: string) => {
    grid.take(r, c);
    groupOf.set(`${r}:${c}`, leaderId);
  };
  // Reading position (row * columns + column) where the next section may start: right after the previous section's
  // first card. So a section fills the free cells beside the previous group's tall leader, and never goes above it.
  let start = 0;
  for (const s of sections) {
    if (!s.leaderId) {
      let cursor = start;
      for (const id of s.ids) {
        const [r, c] = grid.find(cursor, (i, j) => grid.isFree(i, j));
        put(id, r, c);
        cursor = at(r, c) + 1;
      }
      start = cursor;
      continue;
    }
    const leaderId = s.leaderId;
    const followers = s.ids.slice(1);
    const leaderRows = Math.max(1, Math.ceil((leaderCardNeeds(density, followersOf(leaderId)) + m.gap) / (m.cardHeight + m.gap)));
    const free = (r: number, c: number, rows: number) => Array.from({ length: rows }, (_, i) => r + i).every((i) => grid.isFree(i, c));
    // A column free for the whole leader card, with the cell right of its top free for the first follower: then each
    // row's followers run on from the leader without a gap, and the group stays in one piece.
    const [r, c] = grid.find(start, (i, j) =>
      columns === 1 || followers.length === 0 ? free(i, j, leaderRows) : j < columns - 1 && free(i, j, leaderRows) && grid.isFree(i, j + 1),
    );
    put(leaderId, r, c, leaderRows, leaderId);
    start = at(r, c) + 1;
    if (columns === 1) {
      followers.forEach((id, i) => put(id, r + leaderRows + i, 0, 1, leaderId));
      continue;
    }
    // Followers row by row from the leader's top row, in the free run of cells right of it; under the leader once its
    // rows are full, the leader's column staying empty (part of the group: the followers stay indented).
    let row = r;
    let next = 0;
    while (next < followers.length) {
      if (row >= r + leaderRows && grid.isFree(row, c)) reserve(row, c, leaderId);
      for (let j = c + 1; j < columns && grid.isFree(row, j) && next < followers.length; j++) put(followers[next++]!, row, j, 1, leaderId);
      row++;
    }
  }
  return cutBands(placed, groupOf, columns, m, tall);
}

function cutBands(placed: Placed[], groupOf: Map<string, string>, columns: number, m: Metrics, tall: (id: string) => boolean): Layout {
  const rowCount = placed.reduce((n, p) => Math.max(n, p.row + p.rows), 0);
  // A leader card keeps the plain height: it is sized by its table, not by whether it needs attention.
  const heights = new Array<number>(rowCount).fill(m.cardHeight);
  // joined[r]: a card spans rows r and r + 1, so they belong to one band.
  const joined = new Array<boolean>(rowCount).fill(false);
  for (const p of placed) {
    if (p.rows === 1 && tall(p.id)) heights[p.row] = m.tallHeight;
    for (let r = p.row; r < p.row + p.rows - 1; r++) joined[r] = true;
  }
  const bands: Band[] = [];
  const bandOfRow = new Array<number>(rowCount);
  const firstRowOf: number[] = [];
  let top = 0;
  for (let first = 0; first < rowCount;) {
    let last = first;
    while (joined[last]) last++;
    const rowHeights = heights.slice(first, last + 1);
    const height = spanHeight(rowHeights, 0, rowHeights.length, m.gap);
    const frames: FramePiece[] = [];
    for (let r = first; r <= last; r++) {
      bandOfRow[r] = bands.length;
      for (let c = 0; c < columns; c++) {
        const leaderId = groupOf.get(`${r}:${c}`);
        if (!leaderId) continue;
        const same = (i: number, j: number) => groupOf.get(`${i}:${j}`) === leaderId;
        frames.push({ leaderId, row: r - first, col: c, top: same(r - 1, c), right: same(r, c + 1), bottom: same(r + 1, c), left: same(r, c - 1) });
      }
    }
    firstRowOf.push(first);
    bands.push({ key: '', top, height, rowHeights, cards: [], frames });
    top += height + m.gap;
    first = last + 1;
  }
  // In the sections' order, not the rows': keyboard and screen reader order is the site's order.
  for (const p of placed) {
    const i = bandOfRow[p.row]!;
    bands[i]!.cards.push({ ...p, row: p.row - firstRowOf[i]! });
  }
  for (const [i, b] of bands.entries()) b.key = `band:${b.cards[0]?.id ?? i}`;
  return { columns, bands, height: Math.max(0, top - m.gap) };
}

/** The bands that intersect [from, to] (page pixels relative to the grid's top). */
export function bandsIn(layout: Layout, from: number, to: number): Band[] {
  return layout.bands.filter((b) => b.top + b.height >= from && b.top <= to);
}
