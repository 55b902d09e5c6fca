// Typed core -> UI events. Listeners are isolated: one that throws does not stop the others or the core.
import type { EventName, EventPayload, EventSource, Unsubscribe } from '../../shared/contract';

export class EventBus implements EventSource {
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  constructor(private readonly onListenerError: (err: unknown, event: EventName) => void = () => {}) {}

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (payload: EventPayload<E>) => void)(payload);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
