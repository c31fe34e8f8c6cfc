import type { GreyImage } from './homography';

/*
 * Evens out the light on a page: the paper's own brightness is estimated everywhere (the text taken
 * away by a morphological closing, a maximum then a minimum over a neighbourhood wider than a
 * letter's stroke, then smoothed) and each pixel divided by it, so paper comes out white and ink
 * dark on the dim side as on the bright. Worked at a quarter of the size: light changes slowly.
 */

const SHRINK = 4;
/** Closing radius, in shrunk pixels: wider than ink strokes and letter holes at reading sizes. */
const CLOSE_RADIUS = 3;
/** Smoothing radius after it, in shrunk pixels. */
const SMOOTH_RADIUS = 4;

/** Maximum (or minimum) over a (2r+1)² square, one direction at a time. */
function extreme(data: Float32Array, width: number, height: number, r: number, pick: (a: number, b: number) => number) {
  const pass = (src: Float32Array, dx: number, dy: number) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let v = src[y * width + x]!;
        for (let k = 1; k <= r; k++) {
          const [x1, y1, x2, y2] = [x - k * dx, y - k * dy, x + k * dx, y + k * dy];
          if (x1 >= 0 && y1 >= 0) v = pick(v, src[y1 * width + x1]!);
          if (x2 < width && y2 < height) v = pick(v, src[y2 * width + x2]!);
        }
        out[y * width + x] = v;
      }
    }
    return out;
  };
  return pass(pass(data, 1, 0), 0, 1);
}

function boxMean(data: Float32Array, width: number, height: number, r: number): Float32Array {
  const pass = (src: Float32Array, dx: number, dy: number) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sum = 0;
        let n = 0;
        for (let k = -r; k <= r; k++) {
          const [xx, yy] = [x + k * dx, y + k * dy];
          if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
          sum += src[yy * width + xx]!;
          n++;
        }
        out[y * width + x] = sum / n;
      }
    }
    return out;
  };
  return pass(pass(data, 1, 0), 0, 1);
}

/** The page with its light made even: paper near white everywhere, ink keeping its contrast to it. */
export function evenLight(image: GreyImage): GreyImage {
  const { data, width, height } = image;
  const sw = Math.max(1, Math.ceil(width / SHRINK));
  const sh = Math.max(1, Math.ceil(height / SHRINK));
  const small = new Float32Array(sw * sh);
  const counts = new Float32Array(sw * sh);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = Math.floor(y / SHRINK) * sw + Math.floor(x / SHRINK);
      small[at]! += data[y * width + x]!;
      counts[at]!++;
    }
  }
  for (let i = 0; i < small.length; i++) small[i]! /= counts[i]!;
  const closed = extreme(extreme(small, sw, sh, CLOSE_RADIUS, Math.max), sw, sh, CLOSE_RADIUS, Math.min);
  const paper = boxMean(closed, sw, sh, SMOOTH_RADIUS);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    // Bilinear between the shrunk pixels' centres.
    const fy = Math.min(sh - 1, Math.max(0, (y + 0.5) / SHRINK - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) / SHRINK - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const tx = fx - x0;
      const level =
        (paper[y0 * sw + x0]! * (1 - tx) + paper[y0 * sw + x1]! * tx) * (1 - ty) +
        (paper[y1 * sw + x0]! * (1 - tx) + paper[y1 * sw + x1]! * tx) * ty;
      out[y * width + x] = Math.min(255, Math.round((255 * data[y * width + x]!) / Math.max(level, 1)));
    }
  }
  return { data: out, width, height };
}
