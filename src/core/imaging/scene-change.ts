import { lumaThumbnail } from './luma';

/** Both frames are squeezed to this square: layout-level change shows, sensor noise averages away. */
const THUMB = 32;
/**
 * Contrast is normalised away (so auto-exposure drift is not a change) but never amplified more than
 * as if the frame had this standard deviation: a near-flat frame's noise must not look like content.
 */
const MIN_CONTRAST = 16;
/** Mean |difference| of two unrelated standardised pictures (for Gaussian values, 2/√π): a complete change. */
const UNRELATED = 2 / Math.sqrt(Math.PI);

function standardise(luma: Float32Array): { values: Float32Array; mean: number } {
  const n = luma.length;
  const mean = luma.reduce((s, v) => s + v, 0) / n;
  const variance = luma.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  const scale = Math.max(Math.sqrt(variance), MIN_CONTRAST);
  return { values: luma.map((v) => (v - mean) / scale), mean };
}

/**
 * How much a view changed between two frames, 0 (the same) to 1 (a different scene), for explore
 * mode to decide when a new description is worth it. Changed layout counts fully; an overall
 * brightness change counts by how far the mean moved (a light switched on from dark: about 0.5;
 * the camera's exposure drifting 15 %: about 0.1). The frames may differ in size and format.
 */
export async function sceneChangeScore(a: Uint8Array, b: Uint8Array): Promise<number> {
  const size = { width: THUMB, height: THUMB };
  const [first, second] = await Promise.all([lumaThumbnail(a, size), lumaThumbnail(b, size)]);
  const x = standardise(first.luma);
  const y = standardise(second.luma);
  let difference = 0;
  for (let i = 0; i < x.values.length; i++) difference += Math.abs(x.values[i]! - y.values[i]!);
  const structure = difference / x.values.length / UNRELATED;
  const brightness = Math.abs(x.mean - y.mean) / 255;
  return Math.min(1, Math.max(structure, brightness));
}
