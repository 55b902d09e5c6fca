// The card grid from counts alone: every 10-host site fits the Hosts region of a 1440x900 screen in the default
// compact density, groups stay together (each leader's followers right of it or under it, outlined as one), and the
// order is the sections' order.
import { describe, expect, it } from 'vitest';
import { bandsIn, columnsFor, layoutSite, leaderCardNeeds, METRICS, spanHeight, type Layout } from './grid-layout';
import type { Section } from './visible-hosts';

const m = METRICS.compact;
/**
 * The Hosts region at 1440x900, as measured in Chromium (e2e/browser/ten-host-fit.test.ts): 1408 px wide, starting
 * 205.3 px from the top (title bar, summary strip, toolbar), so 694 px of height before the screen's bottom edge.
 */
const SCREEN = { width: 1408, height: 900 - 206 };
const columns = columnsFor(SCREEN.width, m);

/** A site of leaders (with that many followers each) and then `loose` standalone hosts, as siteSections gives it. */
function site(groups: number[], loose: number): { sections: Section[]; followers: Map<string, number> } {
  let n = 0;
  const next = () => `h${String(++n).padStart(2, '0')}`;
  const followers = new Map<string, number>();
  const sections: Section[] = groups.map((count) => {
    const leaderId = next();
    followers.set(leaderId, count);
    return { leaderId, ids: [leaderId, ...Array.from({ length: count }, next)] };
  });
  if (loose) sections.push({ leaderId: null, ids: Array.from({ length: loose }, next) });
  return { sections, followers };
}

function layout(groups: number[], loose: number, cols = columns): { l: Layout; sections: Section[] } {
  const { sections, followers } = site(groups, loose);
  return { l: layoutSite(sections, cols, 'compact', (id) => followers.get(id) ?? 0), sections };
}

/** Every card with its absolute row (bands flattened). */
function cells(l: Layout) {
  let row = 0;
  return l.bands.flatMap((b) => {
    const out = b.cards.map((c) => ({ ...c, row: c.row + row }));
    row += b.rowHeights.length;
    return out;
  });
}

const arrangements: [string, number[], number][] = [
  ['10 standalone', [], 10],
  ['1 leader + 9 followers', [9], 0],
  ['1 leader + 7 followers + 2 standalone', [7], 2],
  ['2 leaders with 4 followers each', [4, 4], 0],
  ['1 leader + 4 followers + 5 standalone', [4], 5],
  ['1 leader + 1 follower + 8 standalone', [1], 8],
  ['3 leaders with 2 followers each + 1 standalone', [2, 2, 2], 1],
  ['2 leaders + 8 standalone', [0, 0], 8],
];

describe('grid layout: a 10-host site fits one 1440x900 screen (compact)', () => {
  it('has five columns in the Hosts region at 1440 px', () => {
    expect(columns).toBe(5);
  });

  it.each(arrangements)('%s', (_, groups, loose) => {
    const { l, sections } = layout(groups, loose);
    expect(l.height).toBeLessThanOrEqual(SCREEN.height);
    // Every host placed once, in the sections' order, with no two cards on one cell.
    const all = cells(l);
    expect(all.map((c) => c.id)).toEqual(sections.flatMap((s) => s.ids));
    const taken = new Set<string>();
    for (const c of all)
      for (let r = c.row; r < c.row + c.rows; r++) {
        expect(taken.has(`${r}:${c.col}`)).toBe(false);
        taken.add(`${r}:${c.col}`);
      }
    // Each card as tall as its rows (a leader as tall as its table needs: every follower shown, nothing scrolled).
    for (const s of sections.filter((x) => x.leaderId)) {
      const lead = all.find((c) => c.id === s.leaderId)!;
      const band = l.bands.find((b) => b.cards.some((c) => c.id === s.leaderId))!;
      const inBand = band.cards.find((c) => c.id === s.leaderId)!;
      expect(spanHeight(band.rowHeights, inBand.row, inBand.rows, m.gap)).toBeGreaterThanOrEqual(leaderCardNeeds('compact', s.ids.length - 1));
      // Its followers to its right, from its top row down.
      for (const id of s.ids.slice(1)) {
        const f = all.find((c) => c.id === id)!;
        expect(f.col).toBeGreaterThan(lead.col);
        expect(f.row).toBeGreaterThanOrEqual(lead.row);
      }
    }
  });

  it('puts a second group beside the first leader, not under its empty cells (2 leaders with 4 followers each)', () => {
    const { l } = layout([4, 4], 0);
    const all = cells(l);
    expect(all.map((c) => [c.id, c.row, c.col, c.rows])).toEqual([
      ['h01', 0, 0, 2],
      ['h02', 0, 1, 1],
      ['h03', 0, 2, 1],
      ['h04', 0, 3, 1],
      ['h05', 0, 4, 1],
      ['h06', 1, 1, 2],
      ['h07', 1, 2, 1],
      ['h08', 1, 3, 1],
      ['h09', 1, 4, 1],
      ['h10', 2, 2, 1],
    ]);
    expect(l.height).toBe(3 * m.cardHeight + 2 * m.gap);
  });

  it("outlines each group's cells as one: sides shared within a group are open, sides against another group or a standalone host are drawn", () => {
    const { l } = layout([7], 2);
    const pieces = l.bands.flatMap((b) => b.frames);
    // The leader's column (3 rows) and its 7 followers; the 2 standalone hosts have no outline.
    expect(pieces).toHaveLength(3 + 7);
    expect(new Set(pieces.map((p) => p.leaderId))).toEqual(new Set(['h01']));
    const at = (row: number, col: number) => pieces.find((p) => p.row === row && p.col === col)!;
    // h09 (standalone) sits at row 1, column 4: the follower left of it draws its right side there.
    expect(cells(l).find((c) => c.id === 'h09')).toMatchObject({ row: 1, col: 4 });
    expect(at(1, 3)).toMatchObject({ left: true, right: false, top: true, bottom: false });
    // The leader's cells join each other and the followers beside them.
    expect(at(0, 0)).toMatchObject({ top: false, left: false, bottom: true, right: true });
    expect(at(2, 0)).toMatchObject({ top: true, bottom: false, right: false });
  });

  it('keeps two groups side by side apart: no outline piece joins cells of different leaders', () => {
    const { l } = layout([4, 4], 0);
    const pieces = l.bands.flatMap((b) => b.frames);
    const owner = new Map(pieces.map((p) => [`${p.row}:${p.col}`, p.leaderId]));
    for (const p of pieces) {
      if (p.right) expect(owner.get(`${p.row}:${p.col + 1}`)).toBe(p.leaderId);
      if (p.bottom) expect(owner.get(`${p.row + 1}:${p.col}`)).toBe(p.leaderId);
    }
    // h06 leads from row 1, column 1: its top side borders h01's group and is drawn.
    expect(pieces.find((p) => p.row === 1 && p.col === 1)).toMatchObject({ leaderId: 'h06', top: false, left: false, right: true, bottom: true });
  });
});

describe('grid layout', () => {
  const row = m.cardHeight + m.gap;

  it('gives a big group the leader column as tall as its table, followers beside it, then rows under it one column in', () => {
    const { l } = layout([20], 0);
    const all = cells(l);
    const leaderRows = Math.ceil((leaderCardNeeds('compact', 20) + m.gap) / row);
    expect(all[0]).toMatchObject({ id: 'h01', row: 0, col: 0, rows: leaderRows });
    expect(all.slice(1).every((c) => c.col >= 1)).toBe(true);
    expect(all.slice(1, 5).map((c) => c.row)).toEqual([0, 0, 0, 0]);
    expect(Math.max(...all.map((c) => c.row))).toBe(4);
    // One band per row past the leader: only what is near the viewport mounts.
    expect(l.bands.length).toBe(1 + (5 - leaderRows));
    expect(l.height).toBe(l.bands.at(-1)!.top + l.bands.at(-1)!.height);
  });

  it('outlines a group across bands: the pieces at a band edge stay open towards the same group', () => {
    const { l } = layout([20], 0);
    const lastOfFirst = l.bands[0]!.frames.filter((p) => p.row === l.bands[0]!.rowHeights.length - 1 && p.col > 0);
    expect(lastOfFirst.every((p) => p.bottom)).toBe(true);
    expect(l.bands[1]!.frames.filter((p) => p.row === 0 && p.col > 0).every((p) => p.top)).toBe(true);
  });

  it('stacks a leader and its followers in one column', () => {
    const { l } = layout([2], 1, 1);
    const all = cells(l);
    const leaderRows = Math.ceil((leaderCardNeeds('compact', 2) + m.gap) / row);
    expect(all.map((c) => [c.id, c.row, c.col])).toEqual([
      ['h01', 0, 0],
      ['h02', leaderRows, 0],
      ['h03', leaderRows + 1, 0],
      ['h04', leaderRows + 2, 0],
    ]);
  });

  it('gives a row with a card that needs attention the tall height, and mounts only bands in view', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `h${i}`);
    const l = layoutSite(
      [{ leaderId: null, ids }],
      5,
      'compact',
      () => 0,
      (id) => id === 'h0',
    );
    expect(l.bands[0]!.rowHeights).toEqual([m.tallHeight]);
    expect(l.bands[1]!.rowHeights).toEqual([m.cardHeight]);
    expect(bandsIn(l, 0, 900).length).toBeLessThan(6);
  });

  it('lays out 1000 hosts in well under a frame', () => {
    const { sections, followers } = site([49, 49, 200], 700);
    const start = performance.now();
    const l = layoutSite(sections, 5, 'compact', (id) => followers.get(id) ?? 0);
    expect(cells(l)).toHaveLength(1001);
    expect(performance.now() - start).toBeLessThan(100);
  });
});
