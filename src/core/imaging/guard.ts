import { lumaThumbnail, type LumaImage } from './luma';

/*
 * A local look at a capture before it is sent: a black, dark, blank or blurred frame costs a request
 * and earns a useless answer. The describe flow speaks `message` and sends only if the user asks
 * again; a guard can be wrong (a plain wall really is one colour), so it never has the last word.
 *
 * Everything is measured on a copy whose longest edge is 320 px: a 1080p capture is checked in a few
 * milliseconds, and blur that does not show at that scale is not what makes a description fail.
 * Thresholds were tuned on generated screens and text, a real screenshot and a real photo, each also
 * blurred, darkened and with noise (see tests/unit/core/imaging/guard.test.ts).
 */

export const GUARD_EDGE = 320;

/** Nothing anywhere brighter than this (of 255): a covered lens, a black curtain, a capture-protected window. */
const BLACK_MAX_BRIGHT = 24;
/** The bright end of the picture still this dim: underexposed. Dark-mode screens have bright text, so pass. */
const DARK_MAX_BRIGHT = 64;
/** Spread this small is one flat colour; a page with a single line of text measures about 5 std, 100 range. */
const UNIFORM_MAX_STD = 4;
const UNIFORM_MAX_RANGE = 24;
/** A pixel with a luma step at least this big per pixel is on an edge; a smooth gradient has none. */
const EDGE_STEP = 4;
/** Below this share of edge pixels there is nothing whose sharpness can be judged. */
const MIN_EDGE_SHARE = 0.001;
/**
 * Laplacian energy over gradient energy: how abruptly the edges turn. Sharp content measured 2.6–9
 * (a checkerboard's sparse edges lowest), the same content blurred enough to hurt 0.14–0.65.
 */
const BLURRY_MAX_SHARPNESS = 1;

/** The share of pixels at the extremes ignored when measuring the brightest and darkest parts. */
const EXTREME_SHARE = 0.001;

export interface CaptureStats {
  meanLuma: number;
  stdLuma: number;
  /** Variance of the 4-neighbour Laplacian of the analysed copy. */
  laplacianVariance: number;
  /** Luma of the brightest 0.1 % of the picture. */
  brightLuma: number;
  /** Luma range between the darkest and brightest 0.1 %. */
  lumaRange: number;
  /** Share of pixels on an edge. */
  edgeShare: number;
  /** Laplacian variance over mean squared gradient; low means soft edges. */
  sharpness: number;
  /** The input's upright size. */
  width: number;
  height: number;
}

export type CaptureProblem = 'black' | 'dark' | 'uniform' | 'blurry';

export type CaptureVerdict =
  { ok: true; stats: CaptureStats } | { ok: false; reason: CaptureProblem; message: string; stats: CaptureStats };

/** Spoken when a capture is held back: what is wrong, what to do, and that asking again sends it anyway. */
export const CAPTURE_MESSAGES: Record<CaptureProblem, string> = {
  black:
    'The picture is completely black. The lens may be covered, or the window may be protected from capture. ' +
    'Uncover the camera or choose another window, or ask again to send it anyway.',
  dark: 'The picture is very dark. Turn on a light or point the camera at something lit, or ask again to send it anyway.',
  uniform:
    'The picture is almost all one colour, with nothing to make out. The camera may be facing a wall or a blank screen. ' +
    'Point it at what you want described, or ask again to send it anyway.',
  blurry:
    'The picture looks blurred. Hold the camera steady, a little further from what you want to see, and try again, ' +
    'or ask again to send it anyway.'
};

/** Luma at the given share from the dark end, from a 256-bin histogram. */
function percentile(histogram: Uint32Array, total: number, share: number): number {
  const wanted = Math.min(total - 1, Math.floor(share * total));
  let seen = 0;
  for (let value = 0; value < histogram.length; value++) {
    seen += histogram[value]!;
    if (seen > wanted) return value;
  }
  return histogram.length - 1;
}

export function captureStats(image: LumaImage): CaptureStats {
  const { luma, width, height } = image;
  const total = luma.length;
  const histogram = new Uint32Array(256);
  let sum = 0;
  let sumSquares = 0;
  for (const y of luma) {
    sum += y;
    sumSquares += y * y;
    histogram[Math.min(255, Math.round(y))]!++;
  }
  const meanLuma = sum / total;
  const stdLuma = Math.sqrt(Math.max(0, sumSquares / total - meanLuma * meanLuma));
  const brightLuma = percentile(histogram, total, 1 - EXTREME_SHARE);
  const lumaRange = brightLuma - percentile(histogram, total, EXTREME_SHARE);

  // Inner pixels only: the Laplacian and central differences need all four neighbours.
  let lapSum = 0;
  let lapSquares = 0;
  let gradientSquares = 0;
  let edges = 0;
  let inner = 0;
  for (let row = 1; row < height - 1; row++) {
    for (let col = 1, i = row * width + 1; col < width - 1; col++, i++) {
      const left = luma[i - 1]!;
      const right = luma[i + 1]!;
      const up = luma[i - width]!;
      const down = luma[i + width]!;
      const lap = left + right + up + down - 4 * luma[i]!;
      lapSum += lap;
      lapSquares += lap * lap;
      const gx = (right - left) / 2;
      const gy = (down - up) / 2;
      const g2 = gx * gx + gy * gy;
      gradientSquares += g2;
      if (g2 >= EDGE_STEP * EDGE_STEP) edges++;
      inner++;
    }
  }
  const lapMean = inner ? lapSum / inner : 0;
  const laplacianVariance = inner ? Math.max(0, lapSquares / inner - lapMean * lapMean) : 0;
  const meanGradient = inner ? gradientSquares / inner : 0;
  const round = (x: number, digits = 3) => Number(x.toFixed(digits));
  return {
    meanLuma: round(meanLuma, 2),
    stdLuma: round(stdLuma, 2),
    laplacianVariance: round(laplacianVariance, 2),
    brightLuma,
    lumaRange,
    edgeShare: inner ? round(edges / inner, 5) : 0,
    sharpness: meanGradient > 0 ? round(laplacianVariance / meanGradient) : 0,
    width: image.sourceWidth,
    height: image.sourceHeight
  };
}

export function judgeCapture(stats: CaptureStats): CaptureProblem | undefined {
  if (stats.brightLuma <= BLACK_MAX_BRIGHT) return 'black';
  if (stats.brightLuma < DARK_MAX_BRIGHT) return 'dark';
  if (stats.stdLuma < UNIFORM_MAX_STD && stats.lumaRange < UNIFORM_MAX_RANGE) return 'uniform';
  if (stats.edgeShare >= MIN_EDGE_SHARE && stats.sharpness < BLURRY_MAX_SHARPNESS) return 'blurry';
  return undefined;
}

/** Checks a screenshot or camera frame before it is sent. Unusable input throws ImageError. */
export async function checkCapture(input: Uint8Array): Promise<CaptureVerdict> {
  const stats = captureStats(await lumaThumbnail(input, { maxEdge: GUARD_EDGE }));
  const reason = judgeCapture(stats);
  return reason ? { ok: false, reason, message: CAPTURE_MESSAGES[reason], stats } : { ok: true, stats };
}
