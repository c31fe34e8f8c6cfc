/** Most text-reading workers: each holds its own engine and language data (tens of MB). */
const MAX_WORKERS = 4;

/**
 * Text-reading workers for a machine with `cores` cores: one core is left to the rest of Lumen (the
 * window, preparing pictures, speech), and there is always at least one worker.
 */
export function ocrPoolSize(cores: number): number {
  return Math.min(MAX_WORKERS, Math.max(1, Math.floor(cores) - 1));
}
