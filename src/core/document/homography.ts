/*
 * Plane-to-plane projection (a homography): how a flat page's points land in a photograph of it, and
 * back. Solved from four point pairs; used to flatten a page photographed at a tilt.
 */

export interface Point {
  x: number;
  y: number;
}

/** Row-major 3×3 matrix with h[8] = 1. */
export type Homography = readonly number[];

/** The projection taking each `from[i]` to `to[i]` (four points each, no three in a line). */
export function homographyFrom(from: readonly Point[], to: readonly Point[]): Homography {
  // x = (h0 u + h1 v + h2) / (h6 u + h7 v + 1), y likewise with h3..h5: eight linear equations.
  const rows: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const { x: u, y: v } = from[i]!;
    const { x, y } = to[i]!;
    rows.push([u, v, 1, 0, 0, 0, -u * x, -v * x, x]);
    rows.push([0, 0, 0, u, v, 1, -u * y, -v * y, y]);
  }
  return [...solve(rows), 1];
}

/** Gaussian elimination with partial pivoting on an n × (n+1) augmented matrix. */
function solve(rows: number[][]): number[] {
  const n = rows.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(rows[r]![col]!) > Math.abs(rows[pivot]![col]!)) pivot = r;
    if (Math.abs(rows[pivot]![col]!) < 1e-12) throw new Error('The four points do not make a quadrilateral.');
    [rows[col], rows[pivot]] = [rows[pivot]!, rows[col]!];
    const p = rows[col]!;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = rows[r]!;
      const f = row[col]! / p[col]!;
      if (f !== 0) for (let c = col; c <= n; c++) row[c]! -= f * p[c]!;
    }
  }
  return rows.map((row, i) => row[n]! / row[i]!);
}

export function project(h: Homography, p: Point): Point {
  const w = h[6]! * p.x + h[7]! * p.y + h[8]!;
  return { x: (h[0]! * p.x + h[1]! * p.y + h[2]!) / w, y: (h[3]! * p.x + h[4]! * p.y + h[5]!) / w };
}

export interface GreyImage {
  /** One byte per pixel, row by row. */
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * A new `width` × `height` image whose pixel (x, y) is `source` at `toSource(x, y)`, interpolated
 * between its four neighbours; `outside` where that falls off the source.
 */
export function warp(source: GreyImage, toSource: Homography, width: number, height: number, outside = 255): GreyImage {
  const { data, width: sw, height: sh } = source;
  const out = new Uint8Array(width * height);
  const h = toSource;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Pixel centres: (x + 0.5, y + 0.5) in both images.
      const cx = x + 0.5;
      const cy = y + 0.5;
      const w = h[6]! * cx + h[7]! * cy + h[8]!;
      const sx = (h[0]! * cx + h[1]! * cy + h[2]!) / w - 0.5;
      const sy = (h[3]! * cx + h[4]! * cy + h[5]!) / w - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < -1 || y0 < -1 || x0 >= sw || y0 >= sh) {
        out[y * width + x] = outside;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const at = (xx: number, yy: number) => (xx < 0 || yy < 0 || xx >= sw || yy >= sh ? outside : data[yy * sw + xx]!);
      const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
      const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
      out[y * width + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { data: out, width, height };
}
