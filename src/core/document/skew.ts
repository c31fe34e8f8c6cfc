import type { Homography } from './homography';

/*
 * The angle of a page's lines of text: turned by the right angle, ink piles up in a few rows (the
 * lines) with blank rows between, so the sum of squared ink counts per row is largest there. Tried
 * every half degree within ±MAX_SKEW, then every tenth around the best.
 */

const MAX_SKEW = 15;
/** Ink pixels sampled at most: enough for the profile, bounded in time. */
const MAX_SAMPLES = 60_000;

/** The lines' slope in degrees, clockwise in the picture; 0 without ink. */
export function skewAngle(mask: Uint8Array, width: number, height: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  let total = 0;
  for (const v of mask) total += v;
  if (!total) return 0;
  const step = Math.max(1, Math.ceil(total / MAX_SAMPLES));
  let seen = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i] || seen++ % step) continue;
    xs.push(i % width);
    ys.push(Math.floor(i / width));
  }
  const diagonal = Math.ceil(Math.hypot(width, height));
  const rows = new Float64Array(2 * diagonal + 2);
  const score = (degrees: number) => {
    const a = (degrees * Math.PI) / 180;
    const [s, c] = [Math.sin(a), Math.cos(a)];
    rows.fill(0);
    for (let i = 0; i < xs.length; i++) rows[Math.round(ys[i]! * c - xs[i]! * s) + diagonal]!++;
    let sum = 0;
    for (const n of rows) sum += n * n;
    return sum;
  };
  const best = (from: number, to: number, by: number, start: number) => {
    let angle = start;
    let top = score(start);
    for (let d = from; d <= to + 1e-9; d += by) {
      const v = score(d);
      if (v > top) [top, angle] = [v, d];
    }
    return angle;
  };
  const coarse = best(-MAX_SKEW, MAX_SKEW, 0.5, 0);
  return best(coarse - 0.5, coarse + 0.5, 0.1, coarse);
}

/** Maps the level page's pixels to the tilted one's: a turn by `degrees` about the centre. */
export function turnAbout(degrees: number, width: number, height: number): Homography {
  const a = (degrees * Math.PI) / 180;
  const [s, c] = [Math.sin(a), Math.cos(a)];
  const [cx, cy] = [width / 2, height / 2];
  return [c, -s, cx - c * cx + s * cy, s, c, cy - s * cx - c * cy, 0, 0, 1];
}
