// Every action is a task: an id, progress, per-host results, cancel (an AbortSignal the work listens to) and retry
// (the same inputs again, as a new task that names the one it retries). Views are emitted throttled while a task
// runs and once more when it ends; the history lives as long as the app.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { ErrorCode, HostResultState, TaskKind, TaskProgress, TaskView } from '../../../shared/contract';
import { ConsoleError, toErrorInfo } from '../../../shared/errors';
import type { EventBus } from '../event-bus';
import type { CoreLogger } from '../log';
import { ByteRate } from './byte-rate';

/** At most four 'tasks.changed' per task per second. */
const EMIT_INTERVAL_MS = 250;
const MAX_HISTORY = 200;

export interface TaskSpec {
  kind: TaskKind;
  title: string;
  hosts?: { hostId: string; name: string }[];
  unit?: TaskProgress['unit'];
  cancellable?: boolean;
  run(task: TaskHandle): Promise<void>;
  /** Builds the same task again for a retry; without it the task is not retryable. */
  retry?: () => TaskSpec;
}

export interface HostResultHandle {
  running(detail?: string | null): void;
  detail(detail: string | null): void;
  succeed(message?: string | null): void;
  /**
   * `repeats`: a Retry would only fail the same way (what failed is what the retry sends again: a pasted token that
   * expired). An 'unsupported' failure always counts so: the host's API lacks the call.
   */
  fail(error: unknown, opts?: { repeats?: boolean }): void;
  refuse(reason: string): void;
  readonly state: HostResultState;
}

export interface TaskHandle {
  readonly id: string;
  readonly signal: AbortSignal;
  phase(text: string | null): void;
  progress(done: number, total: number, unit?: TaskProgress['unit']): void;
  /** Byte progress: also keeps speed and time left, from a moving average. */
  bytes(done: number, total: number): void;
  host(hostId: string, name?: string): HostResultHandle;
  /** Throws a 'cancelled' ConsoleError once the task was cancelled. */
  throwIfCancelled(): void;
  /** The line the ended task keeps as its phase ("3 of 3 hosts linked"); otherwise the phase is cleared. */
  summary(text: string): void;
}

interface RunningTask {
  view: TaskView;
  controller: AbortController;
  spec: TaskSpec;
  timer: NodeJS.Timeout | null;
  lastEmit: number;
  done: Promise<void>;
  rate: ByteRate | null;
  summary: string | null;
  /** Hosts whose failure a Retry would only repeat (HostResultHandle.fail), with the code it failed with. */
  futile: Map<string, ErrorCode>;
}

export class TaskManager {
  private readonly tasks = new Map<string, RunningTask>();
  private closing = false;

  constructor(
    private readonly bus: EventBus,
    private readonly logger: CoreLogger,
  ) {}

  start(spec: TaskSpec, retryOf: string | null = null): TaskView {
    if (this.closing) throw new ConsoleError('cancelled', 'Fieldlink is closing.');
    const id = `task-${randomUUID()}`;
    const view: TaskView = {
      id,
      kind: spec.kind,
      title: spec.title,
      state: 'running',
      phase: null,
      progress: spec.hosts?.length ? { done: 0, total: spec.hosts.length, unit: spec.unit ?? 'hosts' } : null,
      bytesPerSec: null,
      etaSec: null,
      hosts: (spec.hosts ?? []).map((h) => ({ hostId: h.hostId, name: h.name, state: 'pending', message: null, detail: null })),
      error: null,
      startedAt: new Date().toISOString(),
      endedAt: null,
      cancellable: spec.cancellable !== false,
      retryable: false,
      retryOf,
    };
    const controller = new AbortController();
    // Every concurrent request of the task listens to its signal.
    setMaxListeners(0, controller.signal);
    const task: RunningTask = { view, controller, spec, timer: null, lastEmit: 0, done: Promise.resolve(), rate: null, summary: null, futile: new Map() };
    this.tasks.set(id, task);
    this.trim();
    this.emitNow(task);
    task.done = this.run(task);
    return structuredClone(view);
  }

  list(): TaskView[] {
    return [...this.tasks.values()].map((t) => structuredClone(t.view));
  }

  get(taskId: string): TaskView {
    return structuredClone(this.find(taskId).view);
  }

  /** Resolves when the task has ended (for callers that must answer with its outcome). */
  async settled(taskId: string): Promise<TaskView> {
    const task = this.find(taskId);
    await task.done;
    return structuredClone(task.view);
  }

  cancel(taskId: string): TaskView {
    const task = this.find(taskId);
    if (!task.view.endedAt && task.view.cancellable) {
      task.controller.abort(new ConsoleError('cancelled', 'Cancelled by the user.'));
      task.view.phase = 'Cancelling';
      this.schedule(task);
    }
    return structuredClone(task.view);
  }

  retry(taskId: string): TaskView {
    const task = this.find(taskId);
    if (!task.view.endedAt) throw new ConsoleError('conflict', 'This task is still running; cancel it or wait for it to end.');
    if (!task.spec.retry) throw new ConsoleError('unsupported', 'This task cannot be retried.');
    if (!task.view.retryable) throw new ConsoleError('unsupported', 'Retrying this task would only fail the same way: see why on its hosts.');
    return this.start(task.spec.retry(), taskId);
  }

  clearFinished(): void {
    for (const [id, task] of this.tasks) if (task.view.endedAt) this.tasks.delete(id);
  }

  /** Cancels what runs and waits (bounded) for it to stop. */
  async close(): Promise<void> {
    this.closing = true;
    const running = [...this.tasks.values()].filter((t) => !t.view.endedAt);
    for (const t of running) t.controller.abort(new ConsoleError('cancelled', 'Fieldlink is closing.'));
    await Promise.race([Promise.allSettled(running.map((t) => t.done)), new Promise((r) => setTimeout(r, 3_000).unref())]);
    for (const t of this.tasks.values()) if (t.timer) clearTimeout(t.timer);
  }

  private find(taskId: string): RunningTask {
    const task = this.tasks.get(taskId);
    if (!task) throw new ConsoleError('not-found', `No task "${taskId.slice(0, 60)}" is known (it may have been cleared).`);
    return task;
  }

  private async run(task: RunningTask): Promise<void> {
    let error: unknown = null;
    try {
      await task.spec.run(this.handle(task));
    } catch (err) {
      error = err;
    }
    this.finish(task, error);
  }

  private finish(task: RunningTask, error: unknown): void {
    const { view } = task;
    const cancelled = task.controller.signal.aborted;
    for (const h of view.hosts) {
      if (h.state === 'pending' || h.state === 'running') {
        h.state = cancelled ? 'cancelled' : 'failed';
        h.message ??= cancelled ? 'Cancelled before this host was done.' : 'Not done: the task stopped early.';
      }
    }
    const ok = view.hosts.filter((h) => h.state === 'succeeded').length;
    const bad = view.hosts.length - ok;
    if (cancelled) view.state = 'cancelled';
    else if (error) view.state = ok > 0 ? 'partial' : 'failed';
    else if (view.hosts.length === 0 || bad === 0) view.state = 'succeeded';
    else view.state = ok > 0 ? 'partial' : 'failed';
    if (error && !cancelled) {
      view.error = toErrorInfo(error);
      if (!(error instanceof ConsoleError)) this.logger.error('task failed unexpectedly', { kind: view.kind, error });
    } else if (cancelled) {
      view.error = { code: 'cancelled', message: 'Cancelled by the user.' };
    } else if (view.state === 'failed' && !view.error) {
      const first = view.hosts.find((h) => h.state !== 'succeeded');
      // 'unsupported' kept as such: a caller (the CLI, a notification) tells "cannot here" from "refused this time".
      const code = first?.state === 'refused' ? 'preflight-failed' : ((first && task.futile.get(first.hostId)) ?? 'refused');
      view.error = { code, message: first?.message ?? 'The task failed.' };
    }
    view.endedAt = new Date().toISOString();
    view.phase = cancelled ? null : task.summary;
    view.etaSec = null;
    view.cancellable = false;
    // No Retry where it can only fail again: every host it would redo failed in a way that does not change.
    const redoable = view.hosts.some((h) => h.state !== 'succeeded' && !task.futile.has(h.hostId));
    view.retryable = Boolean(task.spec.retry) && view.state !== 'succeeded' && (redoable || view.hosts.length === 0);
    if (view.progress && view.progress.unit === 'hosts') view.progress.done = view.hosts.filter((h) => h.state !== 'pending' && h.state !== 'running').length;
    if (task.timer) clearTimeout(task.timer);
    task.timer = null;
    this.emitNow(task);
    this.bus.emit('tasks.ended', structuredClone(view));
  }

  private handle(task: RunningTask): TaskHandle {
    const { view } = task;
    // The handle's methods are plain object methods (their own `this`), so they reach the manager through this arrow.
    const schedule = () => this.schedule(task);
    const hostResult = (hostId: string, name?: string) => {
      let row = view.hosts.find((h) => h.hostId === hostId);
      if (!row) {
        row = { hostId, name: name ?? hostId, state: 'pending', message: null, detail: null };
        view.hosts.push(row);
        if (view.progress?.unit === 'hosts') view.progress.total = view.hosts.length;
      }
      return row;
    };
    const settleHost = () => {
      if (view.progress?.unit === 'hosts') {
        view.progress.done = view.hosts.filter((h) => h.state !== 'pending' && h.state !== 'running').length;
      }
      schedule();
    };
    return {
      id: view.id,
      signal: task.controller.signal,
      phase(text) {
        view.phase = text;
        schedule();
      },
      progress(done, total, unit) {
        view.progress = { done, total, unit: unit ?? view.progress?.unit ?? 'hosts' };
        schedule();
      },
      bytes(done, total) {
        task.rate ??= new ByteRate();
        const { bytesPerSec, etaSec } = task.rate.sample(done, total);
        view.progress = { done, total, unit: 'bytes' };
        view.bytesPerSec = bytesPerSec;
        view.etaSec = etaSec;
        schedule();
      },
      host(hostId, name) {
        const row = hostResult(hostId, name);
        return {
          get state() {
            return row.state;
          },
          running(detail) {
            row.state = 'running';
            if (detail !== undefined) row.detail = detail;
            schedule();
          },
          detail(detail) {
            row.detail = detail;
            schedule();
          },
          succeed(message) {
            row.state = 'succeeded';
            row.message = message ?? null;
            settleHost();
          },
          fail(error, opts) {
            const info = toErrorInfo(error);
            if (info.code === 'unsupported' || opts?.repeats) task.futile.set(hostId, info.code);
            row.state = info.code === 'cancelled' && task.controller.signal.aborted ? 'cancelled' : 'failed';
            row.message = info.message;
            settleHost();
          },
          refuse(reason) {
            row.state = 'refused';
            row.message = reason;
            settleHost();
          },
        };
      },
      throwIfCancelled() {
        if (task.controller.signal.aborted) throw new ConsoleError('cancelled', 'Cancelled by the user.');
      },
      summary(text) {
        task.summary = text;
      },
    };
  }

  private schedule(task: RunningTask): void {
    if (task.view.endedAt || task.timer) return;
    const wait = task.lastEmit + EMIT_INTERVAL_MS - Date.now();
    if (wait <= 0) return this.emitNow(task);
    task.timer = setTimeout(() => {
      task.timer = null;
      if (!task.view.endedAt) this.emitNow(task);
    }, wait);
  }

  private emitNow(task: RunningTask): void {
    task.lastEmit = Date.now();
    this.bus.emit('tasks.changed', structuredClone(task.view));
  }

  private trim(): void {
    const ended = [...this.tasks.values()].filter((t) => t.view.endedAt);
    for (const t of ended.slice(0, Math.max(0, this.tasks.size - MAX_HISTORY))) this.tasks.delete(t.view.id);
  }
}
