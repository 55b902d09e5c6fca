// A stand-in for Electron's BrowserWindow and its WebContents, for shell tests that check how windows are made and
// wired without an Electron binary. Every window made is kept in order, and any listener a window or its contents
// registered can be fired by hand. Load it inside vi.hoisted (`await import(...)`) so vi.mock('electron') can use it.
import { vi } from 'vitest';

// Electron's listeners take whatever arguments the event carries.
export type Listener = (...args: any[]) => unknown;

/** on/once/emit as Electron's emitters have them; once is kept like on, as the tests fire each event at most once. */
export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}

export class FakeContents extends FakeEmitter {
  static next = 1;
  readonly id = FakeContents.next++;
  /** Every address loaded, in order. */
  readonly loaded: string[] = [];
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
}

/** A BrowserWindow class whose windows get contents of the given class (one with printToPDF, say). */
export function fakeBrowserWindow<C extends FakeContents>(Contents: new () => C) {
  return class FakeWindow extends FakeEmitter {
    static readonly made: FakeWindow[] = [];
    readonly webContents = new Contents();
    destroyed = false;
    constructor(readonly options: Record<string, any>) {
      super();
      FakeWindow.made.push(this);
    }
    loadURL(url: string): Promise<void> {
      return this.webContents.loadURL(url);
    }
    isDestroyed = () => this.destroyed;
    destroy = () => {
      this.destroyed = true;
    };
    isMinimized = () => false;
    isMaximized = () => false;
    isFullScreen = () => false;
    getBounds = () => ({ x: 0, y: 0, width: 1000, height: 700 });
    focus = vi.fn();
    restore = vi.fn();
    close = vi.fn();
  };
}
