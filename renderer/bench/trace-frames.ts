// Main-thread work per frame, from a Chromium performance trace: the time the renderer's main thread spent in
// tasks during each vsync interval. This is the frame cost that rAF deltas cannot show when the display caps them
// at 60 Hz (headless Chromium here keeps vsync whatever the flags).

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

export interface FrameWork {
  frames: number;
  intervalMs: number;
  workMs: number[];
}

export function frameWork(trace: { traceEvents: TraceEvent[] } | TraceEvent[], fromTs?: number): FrameWork {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('trace has no renderer main thread');
  const tasks = events.filter(
    (e) =>
      e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur !== undefined,
  );
  const frames = events
    .filter((e) => e.name === 'BeginFrame' && e.pid === main.pid)
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const start = fromTs ?? Math.min(...tasks.map((t) => t.ts));
  const end = Math.max(...tasks.map((t) => t.ts + (t.dur ?? 0)));
  // Frame boundaries: the compositor's BeginFrame when the trace has them, else the nominal 60 Hz grid.
  let bounds = frames.filter((t) => t >= start && t <= end);
  if (bounds.length < 10) {
    bounds = [];
    for (let t = start; t <= end; t += 16_667) bounds.push(t);
  }
  const work = new Array<number>(Math.max(0, bounds.length - 1)).fill(0);
  // Tasks nest (RunTask inside RunTask is rare but possible): count only outermost ones.
  const outer = tasks
    .sort((a, b) => a.ts - b.ts)
    .filter((t, i, all) => !all.slice(Math.max(0, i - 4), i).some((p) => p.ts <= t.ts && p.ts + p.dur! >= t.ts + t.dur!));
  let f = 0;
  for (const t of outer) {
    const a = t.ts;
    const b = t.ts + t.dur!;
    while (f < bounds.length - 1 && bounds[f + 1]! <= a) f++;
    for (let k = f; k < bounds.length - 1 && bounds[k]! < b; k++) {
      const lo = Math.max(a, bounds[k]!);
      const hi = Math.min(b, bounds[k + 1]!);
      if (hi > lo) work[k]! += hi - lo;
    }
  }
  const interval = bounds.length > 1 ? (bounds[bounds.length - 1]! - bounds[0]!) / (bounds.length - 1) : 16_667;
  return { frames: work.length, intervalMs: interval / 1000, workMs: work.map((us) => us / 1000) };
}
