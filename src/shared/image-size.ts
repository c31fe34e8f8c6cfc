/*
 * Image token cost, per OpenAI's published GPT-4o vision pricing:
 *  - low: 85 tokens whatever the size (the service looks at it scaled to fit 512 × 512);
 *  - high: the service scales the image to fit 2048 × 2048, then (if still larger) so its shortest
 *    side is 768 px, and charges 85 + 170 per 512-px tile of the result.
 * Other model families price images differently (32-px patches); this is the estimate shown before
 * sending and used to keep the default describe cheap, not a bill.
 */

export type Detail = 'low' | 'high' | 'auto';
export type ServiceDetail = 'low' | 'high';

export interface Size {
  width: number;
  height: number;
}

const BASE_TOKENS = 85;
const TILE_TOKENS = 170;
const TILE = 512;
const LOW_EDGE = 512;
const HIGH_EDGE = 2048;
const HIGH_SHORT_SIDE = 768;

/**
 * Lumen's `auto`: high detail, but never more than this many tokens, so the everyday "what's on my
 * screen" costs what a 2 × 2-tile image does (765). A 16:9 screen goes as 1024 × 576, a phone photo
 * as 768 × 1024, a square as 768 × 768; only `high` pays for more tiles.
 */
export const AUTO_TOKEN_BUDGET = 800;
const AUTO_MAX_TILES = Math.floor((AUTO_TOKEN_BUDGET - BASE_TOKENS) / TILE_TOKENS);

/** Whole pixels, tolerant of float error (1023.9999… is 1024). */
const whole = (x: number) => Math.max(1, Math.floor(x + 1e-6));

function checkSize(width: number, height: number): void {
  if (!(Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0)) {
    throw new RangeError(`Image size must be positive, got ${width}×${height}`);
  }
}

/** Factor (≤ 1: the service only shrinks) that fits width × height inside maxWidth × maxHeight. */
function fitScale(width: number, height: number, maxWidth: number, maxHeight: number): number {
  return Math.min(1, maxWidth / width, maxHeight / height);
}

/** Factor the service applies in high detail: fit 2048 × 2048, then shortest side down to 768. */
function highScale(width: number, height: number): number {
  const fit = fitScale(width, height, HIGH_EDGE, HIGH_EDGE);
  return fit * Math.min(1, HIGH_SHORT_SIDE / (Math.min(width, height) * fit));
}

const tiles = (width: number, height: number) => Math.ceil(width / TILE) * Math.ceil(height / TILE);

/** The size the service actually looks at for an image of width × height. */
export function serviceSize(width: number, height: number, detail: ServiceDetail): Size {
  checkSize(width, height);
  const scale = detail === 'low' ? fitScale(width, height, LOW_EDGE, LOW_EDGE) : highScale(width, height);
  return { width: whole(width * scale), height: whole(height * scale) };
}

export function estimateImageTokens(width: number, height: number, detail: ServiceDetail): number {
  if (detail === 'low') {
    checkSize(width, height);
    return BASE_TOKENS;
  }
  const seen = serviceSize(width, height, 'high');
  return BASE_TOKENS + TILE_TOKENS * tiles(seen.width, seen.height);
}

/** Largest factor ≤ 1 that keeps width × height within `maxTiles` tiles. */
function tileBudgetScale(width: number, height: number, maxTiles: number): number {
  let best = 0;
  for (let columns = 1; columns <= maxTiles; columns++) {
    const rows = Math.floor(maxTiles / columns);
    best = Math.max(best, fitScale(width, height, columns * TILE, rows * TILE));
  }
  return best;
}

/**
 * The size Lumen uploads: exactly what the service would scale the image to (pixels beyond that
 * would be thrown away after costing upload time), or for `auto` the largest size within the budget.
 * The result is a fixed point of the service's own scaling, so its token estimate is exact.
 */
export function uploadSize(width: number, height: number, detail: Detail): Size & { detail: ServiceDetail } {
  if (detail === 'low') return { ...serviceSize(width, height, 'low'), detail: 'low' };
  const high = serviceSize(width, height, 'high');
  if (detail === 'high' || tiles(high.width, high.height) <= AUTO_MAX_TILES) return { ...high, detail: 'high' };
  const scale = tileBudgetScale(high.width, high.height, AUTO_MAX_TILES);
  return { width: whole(high.width * scale), height: whole(high.height * scale), detail: 'high' };
}
