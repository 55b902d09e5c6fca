// Speed and time left for byte progress: a moving average over the last few seconds, updated at most once a
// second, so the numbers a person reads do not jitter.
const WINDOW_MS = 5_000;
const UPDATE_MS = 1_000;

export class ByteRate {
  private samples: { at: number; bytes: number }[] = [];
  private last: { bytesPerSec: number | null; etaSec: number | null } = { bytesPerSec: null, etaSec: null };
  private lastUpdate = 0;

  sample(done: number, total: number, now = Date.now()): { bytesPerSec: number | null; etaSec: number | null } {
    this.samples.push({ at: now, bytes: done });
    while (this.samples.length > 2 && this.samples[0]!.at < now - WINDOW_MS) this.samples.shift();
    if (now - this.lastUpdate < UPDATE_MS && this.last.bytesPerSec !== null) return this.last;
    const first = this.samples[0]!;
    const span = (now - first.at) / 1000;
    if (span < 0.2) return this.last;
    const bytesPerSec = Math.max(0, Math.round((done - first.bytes) / span));
    const etaSec = bytesPerSec > 0 ? Math.ceil((total - done) / bytesPerSec) : null;
    this.last = { bytesPerSec, etaSec };
    this.lastUpdate = now;
    return this.last;
  }
}
