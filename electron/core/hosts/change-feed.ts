// 'hosts.changed' events: changes are collected for a short window and sent as one batch, and only for hosts whose
// view really differs from what was last sent, so a hundred quiet hosts make no events at all.
import type { HostView } from '../../../shared/contract';
import type { EventBus } from '../event-bus';
import type { HostEntry } from './entry';
import { viewSignature } from './view';

export const BATCH_MS = 150;

export class ChangeFeed {
  private readonly dirty = new Set<string>();
  private readonly sent = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly bus: EventBus,
    private readonly lookup: (key: string) => HostEntry | undefined,
    private readonly view: (e: HostEntry) => HostView,
    /** Called for each batch with the entries that changed, for the known-hosts file. */
    private readonly afterFlush: (changed: HostEntry[], removed: string[]) => void,
  ) {}

  mark(key: string): void {
    if (this.closed) return;
    this.dirty.add(key);
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  /** Sends what is pending now (also used before answering a command, so events never lag the answer). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.dirty.size === 0) return;
    const upserted: HostView[] = [];
    const removed: string[] = [];
    const changed: HostEntry[] = [];
    for (const key of this.dirty) {
      const entry = this.lookup(key);
      if (!entry) {
        // Also when no event named it yet: a command's answer may have shown it to the UI.
        this.sent.delete(key);
        removed.push(key);
        continue;
      }
      const view = this.view(entry);
      const signature = viewSignature(view);
      if (this.sent.get(key) === signature) continue;
      this.sent.set(key, signature);
      upserted.push(view);
      changed.push(entry);
    }
    this.dirty.clear();
    if (upserted.length || removed.length) {
      this.bus.emit('hosts.changed', { upserted, removed });
      this.afterFlush(changed, removed);
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
