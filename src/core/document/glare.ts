import type { GreyImage, Point } from './homography';
import type { FoundPage } from './page-finder';

/*
 * Glare: light reflected off a glossy page into the lens. Where it lies, the picture is burnt out to
 * white, the print under it with it, so the page must not be taken until it is tilted away. Paper
 * itself stays below white: a camera exposes for the scene, and the page's own level is measured here
 * so a page that is all near white (overexposed, text still dark on it) is not taken for glare.
 */

/** A pixel at least this bright (of 255), with all eight neighbours, is burnt out: a patch, not a noisy speck. */
const BURNT = 250;
/** Glare when burnt-out pixels cover this share of the page … */
const MIN_SHARE = 0.005;
/** … while the page's paper (its median) stays below white: the patch stands out from it. */
const PAPER_BELOW = 245;

const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** True when (x, y) lies inside the convex quadrilateral (corners in order, either way round). */
function inside(corners: readonly Point[], p: Point): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const side = Math.sign(cross(corners[i]!, corners[(i + 1) % 4]!, p));
    if (side === 0) continue;
    if (sign === 0) sign = side;
    else if (side !== sign) return false;
  }
  return true;
}

/** True when reflected light burns out part of the page. */
export function hasGlare({ data, width, height }: GreyImage, page: FoundPage): boolean {
  const xs = page.corners.map((c) => c.x);
  const ys = page.corners.map((c) => c.y);
  const [x0, x1] = [Math.max(0, Math.floor(Math.min(...xs))), Math.min(width - 1, Math.ceil(Math.max(...xs)))];
  const [y0, y1] = [Math.max(0, Math.floor(Math.min(...ys))), Math.min(height - 1, Math.ceil(Math.max(...ys)))];
  const burntAround = (x: number, y: number) => {
    for (let yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1); yy++) {
      for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) {
        if (data[yy * width + xx]! < BURNT) return false;
      }
    }
    return true;
  };
  const histogram = new Uint32Array(256);
  let total = 0;
  let burnt = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!inside(page.corners, { x: x + 0.5, y: y + 0.5 })) continue;
      const v = data[y * width + x]!;
      histogram[v]!++;
      total++;
      if (v >= BURNT && burntAround(x, y)) burnt++;
    }
  }
  if (!total) return false;
  let seen = 0;
  let median = 0;
  while (seen + histogram[median]! <= total / 2) seen += histogram[median++]!;
  return burnt / total >= MIN_SHARE && median < PAPER_BELOW;
}
