// The console window reopens where the user left it, but never off-screen: a laptop that was docked to a second
// monitor in the office must not open the window on a display that is no longer there.
import { readFile } from 'node:fs/promises';
import { jsonText, writeFileAtomic } from '../../shared/node/atomic-file';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 };
export const MIN_SIZE = { width: 800, height: 560 };
/** The strip at the top of a window the user grabs to move it, and how much of it must be on a display. */
const TITLE_BAR_HEIGHT = 40;
const MIN_GRAB = { width: 120, height: 16 };

/** Reads a saved state, accepting only finite numbers: the file may be hand-edited or truncated. */
export function parseWindowState(text: string): WindowState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  const { bounds, maximized } = raw as { bounds?: Partial<Rect>; maximized?: unknown };
  if (!bounds || typeof bounds !== 'object') return null;
  const nums = [bounds.x, bounds.y, bounds.width, bounds.height];
  if (!nums.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  return {
    bounds: { x: Math.round(bounds.x!), y: Math.round(bounds.y!), width: Math.round(bounds.width!), height: Math.round(bounds.height!) },
    maximized: maximized === true,
  };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function centred(area: Rect, width: number, height: number): Rect {
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Where to open the window, given the saved state (or none) and the work areas of the displays now attached
 * (primary first). The size is capped to the display it lands on; a window whose title bar would not be reachable
 * on any display is centred on the primary one.
 */
export function clampWindowState(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  const fit = (area: Rect, width: number, height: number) => ({
    width: Math.max(Math.min(width, area.width), Math.min(MIN_SIZE.width, area.width)),
    height: Math.max(Math.min(height, area.height), Math.min(MIN_SIZE.height, area.height)),
  });

  if (!saved) {
    const size = fit(primary, DEFAULT_SIZE.width, DEFAULT_SIZE.height);
    return { bounds: centred(primary, size.width, size.height), maximized: false };
  }

  const titleBar: Rect = { x: saved.bounds.x, y: saved.bounds.y, width: saved.bounds.width, height: TITLE_BAR_HEIGHT };
  const home = workAreas.find((area) => {
    const seen = overlap(titleBar, area);
    return seen.width >= Math.min(MIN_GRAB.width, saved.bounds.width) && seen.height >= Math.min(MIN_GRAB.height, saved.bounds.height);
  });

  if (!home) {
    const size = fit(primary, saved.bounds.width, saved.bounds.height);
    return { bounds: centred(primary, size.width, size.height), maximized: saved.maximized };
  }

  const size = fit(home, saved.bounds.width, saved.bounds.height);
  // Keep the position but pull the window fully inside the display it mostly sits on.
  const x = Math.min(Math.max(saved.bounds.x, home.x), home.x + home.width - size.width);
  const y = Math.min(Math.max(saved.bounds.y, home.y), home.y + home.height - size.height);
  return { bounds: { x, y, ...size }, maximized: saved.maximized };
}

export async function loadWindowState(file: string): Promise<WindowState | null> {
  try {
    return parseWindowState(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await writeFileAtomic(file, jsonText(state));
}
