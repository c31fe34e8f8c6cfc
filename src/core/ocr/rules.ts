/*
 * Long straight lines (a dialog's frame, its shadow, panel borders, table rules) make Tesseract run
 * the text on either side together and read the frame itself as letters ("|", "l", "]"). They are
 * painted over with the background before recognition. A run of ink counts as a rule when it is longer
 * than any glyph stroke is likely to be.
 */

/** How much darker than the background a pixel must be to count as ink, on a 0..255 scale. */
export const INK_CONTRAST = 40;

/** A vertical rule that was painted over: x and the rows it spans, in the image's pixels. */
export interface VerticalRule {
  x: number;
  top: number;
  bottom: number;
}

/**
 * Paints over horizontal and vertical runs of ink at least `minLength` pixels long, in place.
 * `grey` is dark text on a light ground, row by row; `background` is its typical light level.
 */
export function eraseRules(
  grey: Uint8Array,
  width: number,
  height: number,
  background: number,
  minLength: number
): VerticalRule[] {
  const inkBelow = background - INK_CONTRAST;
  const rule = new Uint8Array(grey.length);
  const mark = (from: number, to: number, step: number) => {
    for (let i = from; i < to; i += step) rule[i] = 1;
  };
  for (let y = 0; y < height; y++) {
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const ink = x < width && grey[y * width + x]! < inkBelow;
      if (ink && start < 0) start = x;
      else if (!ink && start >= 0) {
        if (x - start >= minLength) mark(y * width + start, y * width + x, 1);
        start = -1;
      }
    }
  }
  const vertical: VerticalRule[] = [];
  for (let x = 0; x < width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      const ink = y < height && grey[y * width + x]! < inkBelow;
      if (ink && start < 0) start = y;
      else if (!ink && start >= 0) {
        if (y - start >= minLength) {
          mark(start * width + x, y * width + x, width);
          vertical.push({ x, top: start, bottom: y });
        }
        start = -1;
      }
    }
  }
  for (let i = 0; i < grey.length; i++) if (rule[i]) grey[i] = background;
  return vertical;
}
