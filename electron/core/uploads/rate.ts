// got reports upload progress for every chunk written (hundreds a second); the task shows bytes, speed and time
// left at most once a second, so a person can read them and the bridges are not flooded. Speed and time left
// themselves are a moving average kept by the task (TaskHandle.bytes → tasks/byte-rate.ts), fed at this pace.
export const PROGRESS_INTERVAL_MS = 1_000;

export class ProgressTicker {
  private done = 0;
  private lastReport = Number.NEGATIVE_INFINITY;
  private reported = -1;

  constructor(
    private readonly total: number,
    private readonly report: (done: number, total: number) => void,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get bytesDone(): number {
    return this.done;
  }

  /** Records progress; reports it when the last report is at least `intervalMs` old. */
  update(done: number): void {
    this.done = Math.max(0, Math.min(this.total, done));
    const at = this.now();
    if (at - this.lastReport >= this.intervalMs) this.emit(at);
  }

  /** Reports the current figure now (start and end of the transfer), unless it was just reported. */
  flush(): void {
    if (this.reported !== this.done) this.emit(this.now());
  }

  private emit(at: number): void {
    this.lastReport = at;
    this.reported = this.done;
    this.report(this.done, this.total);
  }
}
