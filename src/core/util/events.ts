/** Removes what was added: a listener, a timer, a subscription. */
export type Dispose = () => void;

/** Event maps: event name → listener signature. */
export type Listeners = { [name: string]: (payload: any) => void };

type AnyListener<L extends Listeners> = <K extends keyof L>(event: K, payload: Parameters<L[K]>[0]) => void;

/**
 * Core's one event primitive, typed by its map. A listener that throws is reported to
 * `onListenerError` and never breaks the code that emitted (a bug in a caption renderer must not
 * stop the audio).
 */
export class Events<L extends Listeners> {
  private readonly listeners = new Map<keyof L, Set<L[keyof L]>>();
  private readonly anyListeners = new Set<AnyListener<L>>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof L) => void = () => {}) {}

  on<K extends keyof L>(event: K, listener: L[K]): Dispose {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Every event, with its name: how a host forwards all of core's events to its windows. */
  onAny(listener: AnyListener<L>): Dispose {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  emit<K extends keyof L>(event: K, payload: Parameters<L[K]>[0]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) this.call(event, () => listener(payload));
    for (const listener of [...this.anyListeners]) this.call(event, () => listener(event, payload));
  }

  private call(event: keyof L, run: () => void) {
    try {
      run();
    } catch (error) {
      this.onListenerError(error, event);
    }
  }
}
