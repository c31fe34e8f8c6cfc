export interface BackoffOptions {
  /** The first retry's ceiling. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
  /** 0 ≤ random() < 1; injectable so tests are exact. */
  random: () => number;
}

export const DEFAULT_BACKOFF: Omit<BackoffOptions, 'random'> = { baseMs: 500, maxMs: 10_000 };

/**
 * Exponential backoff with "equal jitter": half of the doubled ceiling is certain, the other half
 * random. The certain half keeps a retry from hammering a struggling service; the random half keeps
 * many clients that lost the same network from all coming back in the same instant.
 * `attempt` counts from 0 (the first retry).
 */
export function backoffDelay(attempt: number, { baseMs, maxMs, random }: BackoffOptions): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}
