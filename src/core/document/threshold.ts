import type { GreyImage } from './homography';

/*
 * Ink is a pixel darker than its neighbourhood, not darker than one level for the whole page: under a
 * one-sided light the paper on the dark side is darker than the ink on the bright side. Each pixel is
 * compared with the mean of a square around it (Bradley and Roth's method, with an integral image so
 * any square costs the same), and must also be darker by a few grey levels, so paper and table noise
 * stay blank.
 */

/** Darker than the square's mean by this share … */
const SHARE = 0.15;
/** … and by this many grey levels at least. */
const MIN_DEPTH = 12;

/** Ink as 1, the rest 0, judged against a `side` × `side` neighbourhood. */
export function inkMask({ data, width, height }: GreyImage, side: number): Uint8Array {
  const stride = width + 1;
  const integral = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += data[y * width + x]!;
      integral[(y + 1) * stride + x + 1] = integral[y * stride + x + 1]! + row;
    }
  }
  const half = Math.max(1, Math.floor(side / 2));
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - half);
    const y1 = Math.min(height, y + half + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - half);
      const x1 = Math.min(width, x + half + 1);
      const sum =
        integral[y1 * stride + x1]! -
        integral[y0 * stride + x1]! -
        integral[y1 * stride + x0]! +
        integral[y0 * stride + x0]!;
      const mean = sum / ((x1 - x0) * (y1 - y0));
      const v = data[y * width + x]!;
      mask[y * width + x] = v < mean * (1 - SHARE) && v < mean - MIN_DEPTH ? 1 : 0;
    }
  }
  return mask;
}

/** Black ink on white paper: what the text reader is given after thresholding. */
export function binarized(image: GreyImage, side: number): GreyImage {
  const mask = inkMask(image, side);
  const data = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) data[i] = mask[i] ? 0 : 255;
  return { data, width: image.width, height: image.height };
}

export interface Extent {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Ink below this share of the image is not text (specks, a table's grain). */
const MIN_INK = 0.002;

/** The box holding all but the outermost 0.2 % of the ink on each side, or undefined when there is too little ink. */
export function inkExtent(mask: Uint8Array, width: number, height: number): Extent | undefined {
  const columns = new Float64Array(width);
  const rows = new Float64Array(height);
  let total = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      columns[x]!++;
      rows[y]!++;
      total++;
    }
  }
  if (total < MIN_INK * width * height) return undefined;
  const bounds = (counts: Float64Array): [number, number] => {
    let seen = 0;
    let low = 0;
    while (low < counts.length - 1 && (seen += counts[low]!) < total * 0.002) low++;
    seen = 0;
    let high = counts.length - 1;
    while (high > 0 && (seen += counts[high]!) < total * 0.002) high--;
    return [low, high + 1];
  };
  const [left, right] = bounds(columns);
  const [top, bottom] = bounds(rows);
  return { left, top, right, bottom };
}

/**
 * The typical height of a line of text, in pixels: the median run of rows holding ink, between blank
 * rows (the image is taken as level).
 */
export function lineHeight(mask: Uint8Array, width: number, height: number): number | undefined {
  const runs: number[] = [];
  let run = 0;
  for (let y = 0; y <= height; y++) {
    let ink = 0;
    if (y < height) for (let x = 0; x < width; x++) ink += mask[y * width + x]!;
    // A row with only a speck or two counts as blank.
    if (y < height && ink > 2) run++;
    else if (run) {
      if (run >= 4) runs.push(run);
      run = 0;
    }
  }
  if (!runs.length) return undefined;
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)]!;
}
