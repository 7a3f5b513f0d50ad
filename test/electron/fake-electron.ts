/**
 * A small stand-in for the parts of Electron the main-process modules take
 * as arguments: an object that records listeners and lets a test emit
 * events on it, as WebContents, Session and ipcMain would.
 */
export class FakeEmitter {
  readonly listeners = new Map<string, ((...args: any[]) => unknown)[]>();

  on(event: string, listener: (...args: any[]) => unknown): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((fn) => fn(...args));
  }
}

/** An event whose preventDefault a test can read back. */
export function fakeEvent(): { preventDefault(): void; defaultPrevented: boolean } {
  const e = {
    defaultPrevented: false,
    preventDefault() {
      e.defaultPrevented = true;
    },
  };
  return e;
}
