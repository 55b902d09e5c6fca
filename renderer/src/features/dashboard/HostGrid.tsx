// Cards in groups, windowed: only the bands near the viewport are mounted (grid-layout.ts places every card from
// counts alone, so the scrollbar stays honest without measuring). Status updates to hosts scrolled out of view only
// touch the store.
import { memo, startTransition, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { bandsIn, columnsFor, layoutSite, METRICS, spanHeight, type Band, type FramePiece } from './grid-layout';
import { needsAttention } from '../credentials/AccessPanel';
import { HostCard } from './HostCard';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { useViewStore } from './view-store';
import { markFirstScreen } from '../../ui/first-screen';
import { nextFrame } from '../../lib/frame-batch';
import type { Section } from './visible-hosts';

const OVERSCAN_PX = 600;
/**
 * Cards mounted per step while the grid first fills. Each step renders in a transition, which React slices into
 * short tasks that yield to the browser; the step size bounds what is left unsliced (the commit, then the layout of
 * the new cards). Placeholders of the same size hold the layout meanwhile. 24: the compact grid shows about that many
 * cards at 1440x900, so the screen fills in one step (bench:renderer, 200 hosts: cold first render 463-501 ms against
 * 471-517 with 18 and 568-635 with 12, and no startup task over 50 ms).
 */
const CARDS_PER_FRAME = 24;
/** Used before layout and under jsdom (no layout at all). */
const FALLBACK = { width: 1408, viewport: 900 };

interface View {
  width: number;
  from: number;
  to: number;
}

function viewOf(el: HTMLElement | null): View {
  const width = el?.clientWidth || FALLBACK.width;
  const viewport = window.innerHeight || FALLBACK.viewport;
  const top = el ? el.getBoundingClientRect().top : 0;
  return { width, from: -top - OVERSCAN_PX, to: viewport - top + OVERSCAN_PX };
}

/** Which hosts need the tall row (their card shows an access panel); an array of flags, stable across token ticks. */
function useTallFlags(sections: Section[]): boolean[] {
  return useHostsStore(useShallow((s) => sections.flatMap((sec) => sec.ids.map((id) => (s.byId[id] ? needsAttention(s.byId[id]) : false)))));
}

/** Follower counts of the leaders shown, as a stable array so a token tick does not re-layout. */
function useFollowerCounts(sections: Section[]): number[] {
  return useHostsStore(useShallow((s) => sections.map((sec) => (sec.leaderId ? (s.byId[sec.leaderId]?.peers.length ?? 0) : 0))));
}

const countCards = (bands: Band[]) => bands.reduce((n, b) => n + b.cards.length, 0);

/**
 * One cell of a leader group's outline: a tinted box behind the card, reaching halfway into the gap towards the
 * group's other cells (so the tint runs on under the whole group) and stopping short of it elsewhere, with a line on
 * those sides. Together the cells outline the group whatever its shape, apart from standalone hosts or another group
 * in the same rows. Decorative: the cards themselves say who leads whom.
 */
function FrameCell({ piece, gap }: { piece: FramePiece; gap: number }) {
  // Short of the gap's middle, so the outlines of two groups side by side stay two lines.
  const out = gap / 2 - 1;
  const line = '1px solid var(--mantine-primary-color-light-color)';
  const round = (a: boolean, b: boolean) => (a || b ? 0 : 'var(--mantine-radius-md)');
  return (
    <div
      aria-hidden
      data-group-of={piece.leaderId}
      style={{
        position: 'absolute',
        // Both lines given: for an absolutely placed item a missing end line means the edge of the band.
        gridRow: `${piece.row + 1} / span 1`,
        gridColumn: `${piece.col + 1} / span 1`,
        top: piece.top ? -gap / 2 : -out,
        right: piece.right ? -gap / 2 : -out,
        bottom: piece.bottom ? -gap / 2 : -out,
        left: piece.left ? -gap / 2 : -out,
        zIndex: -1,
        pointerEvents: 'none',
        background: 'var(--mantine-primary-color-light)',
        borderTop: piece.top ? undefined : line,
        borderRight: piece.right ? undefined : line,
        borderBottom: piece.bottom ? undefined : line,
        borderLeft: piece.left ? undefined : line,
        borderTopLeftRadius: round(piece.top, piece.left),
        borderTopRightRadius: round(piece.top, piece.right),
        borderBottomRightRadius: round(piece.bottom, piece.right),
        borderBottomLeftRadius: round(piece.bottom, piece.left),
      }}
    />
  );
}

/** `mount`: how many of this band's cards may mount now (the rest are placeholders while the grid fills). */
const BandView = memo(function BandView({ band, columns, gap, mount }: { band: Band; columns: number; gap: number; mount: number }) {
  // One style object per card for as long as the layout holds: HostCard is memoised, and a new object would render
  // every card of the band again at each step of the first fill.
  const styles = useMemo(
    () =>
      band.cards.map((p): CSSProperties => ({
        gridRow: `${p.row + 1} / span ${p.rows}`,
        gridColumn: p.col + 1,
        height: spanHeight(band.rowHeights, p.row, p.rows, gap),
      })),
    [band, gap],
  );
  return (
    <div
      className="fl-band"
      style={{
        top: band.top,
        height: band.height,
        gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
        gridTemplateRows: band.rowHeights.map((h) => `${h}px`).join(' '),
        // The frames' z-index stays within the band: behind its cards, above the page.
        isolation: 'isolate',
      }}
    >
      {band.frames.map((f) => (
        <FrameCell key={`frame:${f.row}:${f.col}`} piece={f} gap={gap} />
      ))}
      {band.cards.map((p, i) =>
        i >= mount ? (
          <div key={p.id} className="fl-card-placeholder" data-card-placeholder style={styles[i]} />
        ) : (
          <HostCard key={p.id} hostId={p.id} style={styles[i]} />
        ),
      )}
    </div>
  );
});

export function HostGrid({ sections }: { sections: Section[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const density = useViewStore((s) => s.density);
  const m = METRICS[density];
  const [view, setView] = useState<View>(() => viewOf(null));
  const counts = useFollowerCounts(sections);
  const tallFlags = useTallFlags(sections);
  const columns = columnsFor(view.width, m);
  const layout = useMemo(() => {
    const byLeader = new Map(sections.map((s, i) => [s.leaderId, counts[i] ?? 0]));
    const ids = sections.flatMap((s) => s.ids);
    const tall = new Set(ids.filter((_, i) => tallFlags[i]));
    return layoutSite(
      sections,
      columns,
      density,
      (id) => byLeader.get(id) ?? 0,
      (id) => tall.has(id),
    );
  }, [sections, counts, tallFlags, columns, density]);
  // None in the render that brings the site itself (the list's arrival already renders the shell, the summary and
  // the placeholders): the cards mount from the next frame on, so that task stays short and the site paints first.
  const [budget, setBudget] = useState(0);

  // Measured from a ResizeObserver (which reports after layout, at once on observe) and on scroll, never during
  // render or in a layout effect: forcing a layout of the whole page there cost a frame at start.
  useEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      const next = viewOf(ref.current);
      // Only a change of column count or a scroll past a band boundary matters; small scrolls re-render nothing.
      setView((v) => (v.width === next.width && Math.abs(v.from - next.from) < 150 ? v : next));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(schedule) : null;
    if (ref.current) ro?.observe(ref.current);
    return () => {
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      ro?.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);

  const shown = bandsIn(layout, view.from, view.to);
  // The bands actually on screen, without the overscan kept for scrolling. While the grid first fills they come
  // first, and the bands around them wait: the screen is complete a step sooner, and the rest follows in the next steps.
  const onScreen = bandsIn(layout, view.from + OVERSCAN_PX, view.to - OVERSCAN_PX);
  const screenCards = countCards(onScreen);
  const cards = countCards(shown);
  const filling = budget < cards;
  // `<=`: the step that completes the screen paints it alone; the placeholders around it come with the next step.
  const bands = budget <= screenCards ? onScreen : shown;

  // Once full, later changes (scrolling a band in, a new host) mount at once: the last step sets no limit at all.
  useEffect(() => {
    if (!filling) return;
    const grow = (b: number) => {
      const next = b < screenCards ? Math.min(b + CARDS_PER_FRAME, screenCards) : b + CARDS_PER_FRAME;
      return next >= cards ? Infinity : next;
    };
    // A plain update from a frame callback renders in one task: 6 cold cards took 20–56 ms that way. The next frame or
    // 50 ms: frames alone stop while the window is hidden, and the cards would then stay placeholders.
    return nextFrame(() => startTransition(() => setBudget(grow)));
  }, [filling, budget, cards, screenCards]);
  useEffect(() => {
    if (!filling) markFirstScreen();
  }, [filling]);
  // The budget goes to the bands on screen first, then to the others in order.
  const onScreenKeys = new Set(onScreen.map((b) => b.key));
  let left = budget;
  const mounts = new Map<string, number>();
  for (const b of onScreen) {
    mounts.set(b.key, left);
    left -= countCards([b]);
  }
  for (const b of bands) {
    if (onScreenKeys.has(b.key)) continue;
    mounts.set(b.key, left);
    left -= countCards([b]);
  }
  return (
    <div
      ref={ref}
      aria-label="Hosts"
      role="region"
      data-density={density}
      style={{ height: layout.height, position: 'relative', '--fl-gap': `${m.gap}px` } as CSSProperties}
    >
      {bands.map((b) => (
        <BandView key={b.key} band={b} columns={layout.columns} gap={m.gap} mount={Math.max(0, Math.min(b.cards.length, mounts.get(b.key) ?? 0))} />
      ))}
    </div>
  );
}
