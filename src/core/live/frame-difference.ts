import type { LumaImage } from '../imaging/luma';

/*
 * How different two small grey frames of one camera or window are, in a way that ignores what a
 * scene does while nothing in it changes: sensor noise, and light that slowly brightens or dims
 * (auto-exposure, a cloud passing). Each frame is first normalised to zero mean and unit spread, which
 * takes out a global change of brightness and contrast; then the frames are compared block by block
 * with the contrast-structure part of SSIM, and a block whose normalised mean moved counts too (an
 * object as flat as its background still shows as a change of brightness there).
 */

/** Side of the square blocks compared, in pixels of the small frame. */
export const BLOCK = 8;
/**
 * Stabilises the structure term for flat blocks, in normalised units: a block whose spread is well
 * below this (noise on a plain wall) compares as equal to another flat one.
 */
const STRUCTURE_C = 0.05;
/** A block with a contrast-structure similarity below this has changed. */
const MIN_STRUCTURE = 0.6;
/** A block whose normalised mean moved by more than this (in units of the frame's spread) has changed. */
const MAX_MEAN_SHIFT = 0.6;

export interface FrameDifference {
  /** Share of blocks that changed, 0..1. */
  changedShare: number;
  /** The blocks that changed, row by row, for finding where a change is. */
  changed: boolean[];
  columns: number;
  rows: number;
}

/** The frame with its mean taken out and its spread scaled to 1 (a flat frame is left at zero). */
function normalised(image: LumaImage): Float32Array {
  const { luma } = image;
  let sum = 0;
  for (const y of luma) sum += y;
  const mean = sum / luma.length;
  let squares = 0;
  for (const y of luma) squares += (y - mean) * (y - mean);
  const std = Math.sqrt(squares / luma.length);
  const scale = std > 1 ? 1 / std : 0;
  const out = new Float32Array(luma.length);
  for (let i = 0; i < luma.length; i++) out[i] = (luma[i]! - mean) * scale;
  return out;
}

/** Compares two frames of the same size; blocks at the right and bottom edges that are not whole are left out. */
export function frameDifference(a: LumaImage, b: LumaImage): FrameDifference {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`Frames of different sizes: ${a.width}×${a.height} and ${b.width}×${b.height}`);
  }
  const { width } = a;
  const columns = Math.floor(a.width / BLOCK);
  const rows = Math.floor(a.height / BLOCK);
  const na = normalised(a);
  const nb = normalised(b);
  const changed: boolean[] = [];
  const n = BLOCK * BLOCK;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      let sa = 0;
      let sb = 0;
      let saa = 0;
      let sbb = 0;
      let sab = 0;
      for (let y = row * BLOCK; y < (row + 1) * BLOCK; y++) {
        for (let x = column * BLOCK, i = y * width + x; x < (column + 1) * BLOCK; x++, i++) {
          const va = na[i]!;
          const vb = nb[i]!;
          sa += va;
          sb += vb;
          saa += va * va;
          sbb += vb * vb;
          sab += va * vb;
        }
      }
      const ma = sa / n;
      const mb = sb / n;
      const varA = Math.max(0, saa / n - ma * ma);
      const varB = Math.max(0, sbb / n - mb * mb);
      const cov = sab / n - ma * mb;
      const structure = (2 * cov + STRUCTURE_C) / (varA + varB + STRUCTURE_C);
      changed.push(structure < MIN_STRUCTURE || Math.abs(ma - mb) > MAX_MEAN_SHIFT);
    }
  }
  const count = changed.filter(Boolean).length;
  return { changedShare: changed.length ? count / changed.length : 0, changed, columns, rows };
}
