import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as atomicFile from '../../shared/node/atomic-file';
import type * as AtomicFile from '../../shared/node/atomic-file';

// The one shared atomic writer (fsync of file and folder) is watched, not replaced.
vi.mock('../../shared/node/atomic-file', async (importOriginal) => {
  const real = await importOriginal<typeof AtomicFile>();
  return { ...real, writeFileAtomic: vi.fn(real.writeFileAtomic) };
});

import { DEFAULT_SIZE, clampWindowState, loadWindowState, parseWindowState, saveWindowState } from './window-state';

const laptop = { x: 0, y: 0, width: 1920, height: 1040 };
const monitorRight = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('clampWindowState', () => {
  it('centres a first window on the primary display', () => {
    const state = clampWindowState(null, [laptop]);
    expect(state.bounds).toEqual({ x: (1920 - DEFAULT_SIZE.width) / 2, y: (1040 - DEFAULT_SIZE.height) / 2, ...DEFAULT_SIZE });
    expect(state.maximized).toBe(false);
  });

  it('keeps a window where it was when that spot is still on a display', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 1400, height: 900 }, maximized: true };
    expect(clampWindowState(saved, [laptop, monitorRight])).toEqual(saved);
  });

  it('brings back a window left on a monitor that is no longer attached', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 1400, height: 900 }, maximized: false };
    const state = clampWindowState(saved, [laptop]);
    expect(state.bounds).toEqual({ x: 260, y: 70, width: 1400, height: 900 });
  });

  it('pulls a window hanging off the edge fully onto its display', () => {
    const saved = { bounds: { x: 1700, y: -20, width: 1000, height: 700 }, maximized: false };
    const state = clampWindowState(saved, [laptop]);
    expect(state.bounds).toEqual({ x: 920, y: 0, width: 1000, height: 700 });
  });

  it('shrinks a window bigger than the display it opens on', () => {
    const saved = { bounds: { x: 0, y: 0, width: 3000, height: 2000 }, maximized: false };
    expect(clampWindowState(saved, [laptop]).bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });

  it('treats a window whose title bar is out of reach as lost', () => {
    // Only the bottom of the window is visible: the user could not grab it to move it.
    const saved = { bounds: { x: 100, y: -850, width: 1000, height: 900 }, maximized: false };
    const state = clampWindowState(saved, [laptop]);
    expect(state.bounds.y).toBeGreaterThanOrEqual(0);
    expect(state.bounds.x).toBe(460);
  });

  it('copes with displays whose work area does not start at 0,0 (a taskbar on the left, a monitor above)', () => {
    const above = { x: 0, y: -1080, width: 1920, height: 1080 };
    const saved = { bounds: { x: 50, y: -1000, width: 800, height: 600 }, maximized: false };
    expect(clampWindowState(saved, [{ x: 64, y: 0, width: 1856, height: 1080 }, above]).bounds).toEqual(saved.bounds);
  });
});

describe('window state file', () => {
  it('accepts only well-formed numbers', () => {
    expect(parseWindowState('{"bounds":{"x":1,"y":2,"width":800,"height":600},"maximized":true}')).toEqual({
      bounds: { x: 1, y: 2, width: 800, height: 600 },
      maximized: true,
    });
    expect(parseWindowState('{"bounds":{"x":"1","y":2,"width":800,"height":600}}')).toBeNull();
    expect(parseWindowState('{"bounds":{"x":1,"y":2,"width":1e999,"height":600}}')).toBeNull();
    expect(parseWindowState('{"bounds":null}')).toBeNull();
    expect(parseWindowState('{truncated')).toBeNull();
  });

  it('saves and loads through a file, and treats a missing or broken file as none', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-window-'));
    try {
      const file = path.join(dir, 'nested', 'window-state.json');
      expect(await loadWindowState(file)).toBeNull();
      const state = { bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: false };
      await saveWindowState(file, state);
      expect(atomicFile.writeFileAtomic).toHaveBeenCalledWith(file, expect.stringContaining('"maximized": false'));
      expect(await loadWindowState(file)).toEqual(state);
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(state);
      await writeFile(file, 'garbage');
      expect(await loadWindowState(file)).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
