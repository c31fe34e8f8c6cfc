export function sleep(ms: number, signal?: { aborted: boolean }): Promise<void> {
  if (!(ms > 0) || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True when a rate means "no throttle". */
export function unthrottled(rate: number): boolean {
  return !(rate > 0) || !Number.isFinite(rate);
}

/**
 * Paces a sequence against a wall-clock schedule (not per-item sleeps) so timer
 * jitter does not accumulate over long streams.
 */
export class Pacer {
  private readonly start = performance.now();
  constructor(private readonly unitsPerSecond: number) {}

  /** Waits until `unitsDone` units are due. */
  async until(unitsDone: number): Promise<void> {
    if (unthrottled(this.unitsPerSecond)) return;
    const due = this.start + (unitsDone / this.unitsPerSecond) * 1000;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
  }
}

/** Lets other I/O (e.g. a client's cancel) in between streamed events even when unthrottled. */
export const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
