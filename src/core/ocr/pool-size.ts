/** Most text-reading workers: each holds its own engine and language data (tens of MB). */
const MAX_WORKERS = 4;

/**
 * Text-reading workers for a machine with `cores` cores. From three cores one is left to the rest of
 * Lumen (the window, preparing pictures, speech); on two, both read: a read is short, the user is
 * waiting for it, and one worker takes nearly twice as long (docs/PERFORMANCE.md, the shield's time
 * by pool size). Always at least one worker.
 */
export function ocrPoolSize(cores: number): number {
  const whole = Math.max(1, Math.floor(cores));
  return Math.min(MAX_WORKERS, whole <= 2 ? whole : whole - 1);
}
