import { describe, expect, it } from 'vitest';
import { ByteRate } from '../tasks/byte-rate';
import { ProgressTicker } from './rate';

describe('ProgressTicker', () => {
  it('reports at most once a second, plus the start and the end', () => {
    let now = 0;
    const reports: [number, number, number][] = [];
    const ticker = new ProgressTicker(
      1000,
      (done, total) => reports.push([now, done, total]),
      1000,
      () => now,
    );
    ticker.flush();
    for (now = 0; now <= 2500; now += 10) ticker.update(now / 5);
    now = 2600;
    ticker.update(1000);
    ticker.flush();
    expect(reports.map((r) => r[0])).toEqual([0, 1000, 2000, 2600]);
    expect(reports.at(-1)).toEqual([2600, 1000, 1000]);
    for (let i = 1; i < reports.length - 1; i++) expect(reports[i]![0] - reports[i - 1]![0]).toBeGreaterThanOrEqual(1000);
  });

  it('keeps done within 0..total and does not repeat an unchanged final report', () => {
    const reports: number[] = [];
    const ticker = new ProgressTicker(
      100,
      (done) => reports.push(done),
      1000,
      () => 0,
    );
    ticker.update(-50);
    ticker.update(500);
    ticker.flush();
    expect(reports).toEqual([0, 100]);
    expect(ticker.bytesDone).toBe(100);
  });
});

describe("speed and time left (ticker feeding the task's moving average)", () => {
  it('shows a steady speed and a falling ETA, smoothing a stall over the last seconds', () => {
    let now = 0;
    const rate = new ByteRate();
    const shown: { at: number; bytesPerSec: number | null; etaSec: number | null }[] = [];
    const total = 100 * 1024 * 1024;
    const ticker = new ProgressTicker(
      total,
      (done, t) => shown.push({ at: now, ...rate.sample(done, t, now) }),
      1000,
      () => now,
    );
    let done = 0;
    // 10 MiB/s for 4 s (in 100 ms steps), then a 2 s stall.
    for (now = 0; now <= 4000; now += 100, done += 1024 * 1024) ticker.update(done);
    for (; now <= 6000; now += 100) ticker.update(done);
    const at = (t: number) => shown.find((s) => s.at === t)!;
    expect(at(3000).bytesPerSec).toBe(10 * 1024 * 1024);
    expect(at(3000).etaSec).toBe(7);
    expect(at(4000).etaSec).toBe(6);
    // Two seconds without bytes halve neither to zero nor leave the old speed: the 5 s window averages them.
    expect(at(6000).bytesPerSec).toBeGreaterThan(0);
    expect(at(6000).bytesPerSec).toBeLessThan(10 * 1024 * 1024);
    expect(shown.length).toBeLessThanOrEqual(7);
  });
});
