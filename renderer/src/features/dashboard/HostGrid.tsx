// Cards side by side, windowed: only the rows near the viewport are mounted. Cards have a fixed height, so the grid
// knows every row's position without measuring it, the scrollbar stays honest, and a site of 1000 hosts costs what
// a screenful does. Status updates to hosts scrolled out of view only touch the store.
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { HostCard } from './HostCard';

/** Every card's height (the CSS reads it as --fl-card-height): room for the linking view and the uploads footer. */
export const CARD_HEIGHT = 540;
export const CARD_MIN_WIDTH = 360;
export const GRID_GAP = 16;
const ROW = CARD_HEIGHT + GRID_GAP;
const OVERSCAN_ROWS = 2;
/**
 * Cards mounted per frame while the grid first fills: a screenful at once is one 100+ ms task, which blocks input
 * while the site appears. Placeholders of the same size hold the layout meanwhile.
 */
const CARDS_PER_FRAME = 6;
/** Used before layout and under jsdom (no layout at all). */
const FALLBACK = { width: 3 * (CARD_MIN_WIDTH + GRID_GAP), viewport: 900 };

interface Window {
  columns: number;
  first: number;
  last: number;
}

function columnsFor(width: number): number {
  return Math.max(1, Math.floor((width + GRID_GAP) / (CARD_MIN_WIDTH + GRID_GAP)));
}

function windowFor(el: HTMLElement | null, rows: number): Window {
  const width = el?.clientWidth || FALLBACK.width;
  const viewport = window.innerHeight || FALLBACK.viewport;
  const top = el ? el.getBoundingClientRect().top : 0;
  // Rows of the grid that intersect the viewport, widened by the overscan.
  const firstVisible = Math.floor(Math.max(0, -top) / ROW);
  const lastVisible = Math.ceil(Math.max(0, viewport - top) / ROW);
  return {
    columns: columnsFor(width),
    first: Math.max(0, firstVisible - OVERSCAN_ROWS),
    last: Math.min(rows, lastVisible + OVERSCAN_ROWS),
  };
}

const same = (a: Window, b: Window) => a.columns === b.columns && a.first === b.first && a.last === b.last;

export function HostGrid({ ids }: { ids: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const [win, setWin] = useState<Window>(() => windowFor(null, Math.ceil(ids.length / columnsFor(FALLBACK.width))));
  const rows = Math.ceil(ids.length / win.columns);
  const [budget, setBudget] = useState(CARDS_PER_FRAME);

  // Measured from a ResizeObserver (which reports after layout, at once on observe) and on scroll, never during
  // render or in a layout effect: forcing a layout of the whole page there cost a frame at start.
  useEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      const el = ref.current;
      const next = windowFor(el, Math.ceil(ids.length / columnsFor(el?.clientWidth || FALLBACK.width)));
      setWin((w) => (same(w, next) ? w : next));
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
  }, [ids.length]);

  const first = Math.min(win.first, rows);
  const last = Math.min(Math.max(win.last, first), rows);
  const shown = ids.slice(first * win.columns, last * win.columns);
  const filling = budget < shown.length;

  useEffect(() => {
    if (!filling) return;
    const frame = requestAnimationFrame(() => setBudget((b) => b + CARDS_PER_FRAME));
    return () => cancelAnimationFrame(frame);
  }, [filling, budget]);
  // Once full, later changes (scrolling a row in, a new host) mount at once: a row is only a few cards.
  useEffect(() => {
    if (!filling && budget !== Infinity) setBudget(Infinity);
  }, [filling, budget]);
  return (
    <div
      ref={ref}
      aria-label="Hosts"
      role="region"
      style={{ height: Math.max(0, rows * ROW - GRID_GAP), position: 'relative', '--fl-card-height': `${CARD_HEIGHT}px` } as CSSProperties}
    >
      <div
        className="fl-grid"
        style={{ gridTemplateColumns: `repeat(${win.columns}, minmax(0, 1fr))`, transform: `translateY(${first * ROW}px)` }}
      >
        {shown.map((id, i) => (i < budget ? <HostCard key={id} hostId={id} /> : <div key={id} className="fl-card-placeholder" data-card-placeholder />))}
      </div>
    </div>
  );
}
