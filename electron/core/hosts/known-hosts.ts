// Keeps hosts.json in step with the registry: saves are debounced (a burst of discoveries is one write) and only
// happen when a saved field changed; the last-seen time moves in steps of minutes (see registry.sawAnswer).
import type { KnownHostsStore } from '../store/known-hosts-store';
import type { HostRegistry } from './registry';

const SAVE_DELAY_MS = 2_000;

export class KnownHostsSync {
  private lastSaved = '';
  private timer: NodeJS.Timeout | null = null;
  /** Keys forgotten or re-keyed since the last save: their saved records go even if another process wrote them. */
  private erased = new Set<string>();

  constructor(
    private readonly registry: HostRegistry,
    private readonly store: KnownHostsStore,
  ) {}

  async load(): Promise<void> {
    for (const known of await this.store.load()) this.registry.restore(known);
    this.lastSaved = this.snapshot();
  }

  erase(keys: string[]): void {
    for (const k of keys) this.erased.add(k);
    this.changed();
  }

  /** Something changed: save soon if what is saved differs. */
  changed(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.saveIfChanged();
    }, SAVE_DELAY_MS);
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.saveIfChanged();
    await this.store.close();
  }

  private snapshot(): string {
    // Only hosts the technician took in are saved: what mDNS or a peer list merely claims stays in memory.
    return JSON.stringify(
      this.registry
        .all()
        .filter((e) => this.registry.isTakenIn(e))
        .map((e) => this.registry.toKnown(e)),
    );
  }

  private saveIfChanged(): void {
    const snapshot = this.snapshot();
    if (snapshot === this.lastSaved && this.erased.size === 0) return;
    this.lastSaved = snapshot;
    const erased = this.erased;
    this.erased = new Set();
    // A failed save is reported by the store as a state-file problem; the next change saves again.
    void this.store.save(JSON.parse(snapshot), erased);
  }
}
