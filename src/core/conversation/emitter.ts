/** Listener maps: event name → listener signature. */
export type Listeners = { [name: string]: (payload: any) => void };

/**
 * A small typed event emitter. A listener that throws is reported to `onListenerError` and never
 * breaks the session that emitted (a bug in a caption renderer must not stop the audio).
 */
export class Emitter<L extends Listeners> {
  private readonly listeners = new Map<keyof L, Set<L[keyof L]>>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof L) => void = () => {}) {}

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof L>(event: K, listener: L[K]): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<K extends keyof L>(event: K, listener: L[K]): void {
    this.listeners.get(event)?.delete(listener);
  }

  /** Resolves with the next payload of `event`. */
  once<K extends keyof L>(event: K): Promise<Parameters<L[K]>[0]> {
    return new Promise((resolve) => {
      const off = this.on(event, ((payload: Parameters<L[K]>[0]) => {
        off();
        resolve(payload);
      }) as L[K]);
    });
  }

  emit<K extends keyof L>(event: K, payload: Parameters<L[K]>[0]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }

  listenerCount(event: keyof L): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
