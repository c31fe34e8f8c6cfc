import type { GreyImage, Point } from './homography';
import { inkExtent, inkMask } from './threshold';

/*
 * Finds a sheet of paper in a camera frame: the paper is much brighter than what it lies on, even
 * where the light is weak. Light multiplies brightness, so in logarithms a one-sided light becomes
 * an offset and one threshold (Otsu's, on log brightness) still parts paper from table when the
 * paper reflects over twice what the table does. The largest bright region's outline gives the
 * page's four corners: the quadrilateral of largest area on its convex hull, then each side fitted
 * to the outline's points along it, so a stray bright speck does not pull a corner out.
 */

export interface FoundPage {
  /** Seen by its edges, or (no edges in view) by the extent of its text. */
  by: 'edges' | 'text';
  /** Top left, top right, bottom right, bottom left, in the image's pixels. */
  corners: Point[];
  /** The page's sides that run along the image's edge: that part of the page is out of view. */
  cutOff: { left: boolean; right: boolean; top: boolean; bottom: boolean };
}

/** Paper must reflect at least this many times what surrounds it (a mean over each class). */
const MIN_CONTRAST = 2.2;
/** The bright region must cover this share of the image at least. */
const MIN_AREA = 0.04;
/** ... and fill its quadrilateral this well (text and noise leave small holes). */
const MIN_FILL = 0.85;
/** Outline points this close to a side (pixels) are fitted to it. */
const SIDE_BAND = 4;
/** A side within this many pixels of the image's edge is taken as cut off by it. */
const EDGE_MARGIN = 3;

/** A 5 × 5 mean: takes sensor noise off the table so it does not cross the threshold. */
function smoothed({ data, width, height }: GreyImage): Float32Array {
  const r = 2;
  const across = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let k = Math.max(0, x - r); k <= Math.min(width - 1, x + r); k++, n++) sum += data[row + k]!;
      across[row + x] = sum / n;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let k = Math.max(0, y - r); k <= Math.min(height - 1, y + r); k++, n++) sum += across[k * width + x]!;
      out[y * width + x] = sum / n;
    }
  }
  return out;
}

/** Otsu's threshold over 256 bins of log brightness; the bin index and the two classes' mean brightness. */
function logOtsu(values: Float32Array): { bin: number; dark: number; bright: number } {
  const bins = new Float64Array(256);
  const toBin = (v: number) => Math.min(255, Math.floor((Math.log1p(v) / Math.log(256)) * 256));
  for (const v of values) bins[toBin(v)]!++;
  const total = values.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * bins[i]!;
  let best = 0;
  let bestBin = 0;
  let weight = 0;
  let sum = 0;
  for (let i = 0; i < 255; i++) {
    weight += bins[i]!;
    sum += i * bins[i]!;
    if (weight === 0 || weight === total) continue;
    const m0 = sum / weight;
    const m1 = (sumAll - sum) / (total - weight);
    const between = weight * (total - weight) * (m0 - m1) ** 2;
    if (between > best) {
      best = between;
      bestBin = i;
    }
  }
  let dark = 0;
  let bright = 0;
  let nd = 0;
  for (const v of values) {
    if (toBin(v) <= bestBin) {
      dark += v;
      nd++;
    } else bright += v;
  }
  return { bin: bestBin, dark: dark / Math.max(1, nd), bright: bright / Math.max(1, total - nd) };
}

/** The largest 4-connected region of `mask`, as a mask of its own, and its pixel count. */
function largestRegion(mask: Uint8Array, width: number, height: number): { region: Uint8Array; area: number } {
  const label = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  let bestLabel = 0;
  let bestArea = 0;
  let next = 0;
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || label[start]) continue;
    next++;
    let top = 0;
    let area = 0;
    stack[top++] = start;
    label[start] = next;
    while (top) {
      const p = stack[--top]!;
      area++;
      const x = p % width;
      const neighbours = [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, p - width, p + width];
      for (const q of neighbours) {
        if (q < 0 || q >= mask.length || !mask[q] || label[q]) continue;
        label[q] = next;
        stack[top++] = q;
      }
    }
    if (area > bestArea) {
      bestArea = area;
      bestLabel = next;
    }
  }
  const region = new Uint8Array(width * height);
  for (let i = 0; i < region.length; i++) region[i] = label[i] === bestLabel && bestLabel ? 1 : 0;
  return { region, area: bestArea };
}

/** The region's outline: its pixels (centres) with a neighbour outside it, the image's edge counting as outside. */
function outline(region: Uint8Array, width: number, height: number): Point[] {
  const points: Point[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (!region[p]) continue;
      const edge =
        x === 0 ||
        y === 0 ||
        x === width - 1 ||
        y === height - 1 ||
        !region[p - 1] ||
        !region[p + 1] ||
        !region[p - width] ||
        !region[p + width];
      if (edge) points.push({ x: x + 0.5, y: y + 0.5 });
    }
  }
  return points;
}

const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Convex hull (Andrew's monotone chain), counter-clockwise in image coordinates' terms. */
export function convexHull(points: Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (sorted.length < 3) return sorted;
  const lower: Point[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

export function polygonArea(points: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    twice += a.x * b.y - b.x * a.y;
  }
  return Math.abs(twice) / 2;
}

/** The four hull points enclosing the most area, starting from the extremes of x ± y, improved a corner at a time. */
function largestQuad(hull: Point[]): Point[] {
  const pick = (score: (p: Point) => number) => hull.reduce((best, p) => (score(p) > score(best) ? p : best));
  const quad = [pick((p) => -p.x - p.y), pick((p) => p.x - p.y), pick((p) => p.x + p.y), pick((p) => -p.x + p.y)];
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 4; i++) {
      let best = quad[i]!;
      let bestArea = polygonArea(quad);
      for (const p of hull) {
        quad[i] = p;
        const area = polygonArea(quad);
        if (area > bestArea) {
          bestArea = area;
          best = p;
        }
      }
      quad[i] = best;
    }
  }
  return quad;
}

interface Line {
  /** A point on the line and its unit direction. */
  at: Point;
  dir: Point;
}

/** The line through a side's outline points (least squares across it), or the side itself without enough points. */
function fittedSide(a: Point, b: Point, points: Point[]): Line {
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  const dir = { x: (b.x - a.x) / length, y: (b.y - a.y) / length };
  const near = points.filter((p) => {
    const along = (p.x - a.x) * dir.x + (p.y - a.y) * dir.y;
    const across = Math.abs((p.x - a.x) * dir.y - (p.y - a.y) * dir.x);
    // Away from the corners, where the neighbouring side's points lie.
    return across <= SIDE_BAND && along > 0.1 * length && along < 0.9 * length;
  });
  if (near.length < 10) return { at: a, dir };
  const mean = near.reduce((m, p) => ({ x: m.x + p.x / near.length, y: m.y + p.y / near.length }), { x: 0, y: 0 });
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of near) {
    sxx += (p.x - mean.x) ** 2;
    sxy += (p.x - mean.x) * (p.y - mean.y);
    syy += (p.y - mean.y) ** 2;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return { at: mean, dir: { x: Math.cos(angle), y: Math.sin(angle) } };
}

function intersection(l: Line, m: Line): Point | undefined {
  const det = l.dir.x * m.dir.y - l.dir.y * m.dir.x;
  if (Math.abs(det) < 1e-6) return undefined;
  const t = ((m.at.x - l.at.x) * m.dir.y - (m.at.y - l.at.y) * m.dir.x) / det;
  return { x: l.at.x + t * l.dir.x, y: l.at.y + t * l.dir.y };
}

/** Orders four corners as top left, top right, bottom right, bottom left. */
function ordered(quad: Point[]): Point[] {
  const c = quad.reduce((m, p) => ({ x: m.x + p.x / 4, y: m.y + p.y / 4 }), { x: 0, y: 0 });
  // By angle around the centre: clockwise on screen, since y grows downwards.
  const around = [...quad].sort((a, b) => Math.atan2(a.y - c.y, a.x - c.x) - Math.atan2(b.y - c.y, b.x - c.x));
  const first = around.reduce((best, p, i) => (p.x + p.y < around[best]!.x + around[best]!.y ? i : best), 0);
  return [0, 1, 2, 3].map((k) => around[(first + k) % 4]!);
}

/** Window of the ink test when looking for text, in pixels of the frame. */
const INK_WINDOW = 31;
/** Text reaching this share of the view's size from its edge is taken as running on out of view. */
const TEXT_EDGE_MARGIN = 0.02;

/**
 * The page in the image: its edges when they show, else the extent of the text on it (the page fills
 * the view or lies on something as light as itself); undefined when neither is there.
 */
export function findPage(image: GreyImage): FoundPage | undefined {
  return pageByEdges(image) ?? pageByText(image);
}

function pageByText(image: GreyImage): FoundPage | undefined {
  const { width, height } = image;
  const box = inkExtent(inkMask(image, INK_WINDOW), width, height);
  if (!box) return undefined;
  const [mx, my] = [TEXT_EDGE_MARGIN * width, TEXT_EDGE_MARGIN * height];
  return {
    by: 'text',
    corners: [
      { x: box.left, y: box.top },
      { x: box.right, y: box.top },
      { x: box.right, y: box.bottom },
      { x: box.left, y: box.bottom }
    ],
    cutOff: {
      left: box.left <= mx,
      top: box.top <= my,
      right: box.right >= width - mx,
      bottom: box.bottom >= height - my
    }
  };
}

/** The sheet of paper by its edges, or undefined when nothing bright enough and page-shaped is there. */
function pageByEdges(image: GreyImage): FoundPage | undefined {
  const { width, height } = image;
  const smooth = smoothed(image);
  const { bin, dark, bright } = logOtsu(smooth);
  if (bright < MIN_CONTRAST * Math.max(dark, 1)) return undefined;
  const cut = Math.expm1(((bin + 1) / 256) * Math.log(256));
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) mask[i] = smooth[i]! >= cut ? 1 : 0;
  const { region, area } = largestRegion(mask, width, height);
  if (area < MIN_AREA * width * height) return undefined;
  const points = outline(region, width, height);
  const hull = convexHull(points);
  if (hull.length < 4) return undefined;
  const quad = ordered(largestQuad(hull));
  if (area / polygonArea(quad) < MIN_FILL) return undefined;
  const sides = quad.map((a, i) => fittedSide(a, quad[(i + 1) % 4]!, points));
  const corners = quad.map((corner, i) => intersection(sides[(i + 3) % 4]!, sides[i]!) ?? corner);
  const along = (i: number, test: (p: Point) => boolean) => test(corners[i]!) && test(corners[(i + 1) % 4]!);
  return {
    by: 'edges',
    corners,
    cutOff: {
      top: along(0, (p) => p.y <= EDGE_MARGIN),
      right: along(1, (p) => p.x >= width - EDGE_MARGIN),
      bottom: along(2, (p) => p.y >= height - EDGE_MARGIN),
      left: along(3, (p) => p.x <= EDGE_MARGIN)
    }
  };
}
