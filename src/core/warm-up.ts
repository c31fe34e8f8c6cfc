import type { Logger } from './ports';

/** Something the first request after start-up would otherwise have to start itself. */
export interface WarmUpStep {
  /** For the log: "text reading", "offline voice", "connection". */
  name: string;
  /**
   * Readies it, or does nothing when it is ready: it shares the promise a real request waits on,
   * so a request made meanwhile starts nothing a second time and waits no longer than it would have.
   */
  run(): Promise<unknown>;
}

export interface WarmedStep {
  name: string;
  ok: boolean;
  /** From the warm-up's start to this step's end. */
  readyAfterMs: number;
}

/**
 * Readies, one after another, what the first describe after start-up needs, so that press is no
 * slower than the later ones. Hosts with a window call it once the window is up; every call gets the
 * first call's promise. A step that fails is logged and the next one runs: nothing was asked yet, so
 * nothing is said, and the request that needs it will say what is wrong. Never rejects.
 */
export function warmUpOnce(
  steps: readonly WarmUpStep[],
  logger: Logger,
  now: () => number = () => performance.now()
): () => Promise<WarmedStep[]> {
  let warming: Promise<WarmedStep[]> | undefined;
  return () => (warming ??= runSteps(steps, logger, now));
}

async function runSteps(steps: readonly WarmUpStep[], logger: Logger, now: () => number): Promise<WarmedStep[]> {
  const start = now();
  const warmed: WarmedStep[] = [];
  for (const step of steps) {
    let ok = true;
    try {
      await step.run();
    } catch (error) {
      ok = false;
      logger.warn(`Warming up ${step.name} failed; it starts when first needed.`, { error: String(error) });
    }
    warmed.push({ name: step.name, ok, readyAfterMs: Math.round(now() - start) });
  }
  logger.info('warmed up', Object.fromEntries(warmed.map((w) => [w.name, w.ok ? `${w.readyAfterMs} ms` : 'failed'])));
  return warmed;
}
