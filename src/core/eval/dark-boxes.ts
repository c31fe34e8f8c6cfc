import sharp from 'sharp';
import type { PrivateItem } from '../../shared/eval-case';
import type { BoxDarkness } from './scoring';

/** Near-black, as the shield's bars are (JPEG leaves them a little above 0). */
const DARK_LEVEL = 40;

/**
 * How dark each boxed private item is in the picture that was sent: the box, given in the original
 * picture's pixels, is scaled to the sent picture (preparation shrinks it, keeping its shape) and its
 * near-black pixels counted. Text alone measures well under half; a bar over it, all of it.
 */
export async function darkBoxes(
  sent: Buffer,
  originalWidth: number,
  items: readonly PrivateItem[]
): Promise<BoxDarkness[]> {
  const { width = 0, height = 0 } = await sharp(sent).metadata();
  const scale = width / originalWidth;
  const results: BoxDarkness[] = [];
  for (const item of items) {
    if (!item.box) continue;
    const left = Math.min(width - 1, Math.round(item.box.x * scale));
    const top = Math.min(height - 1, Math.round(item.box.y * scale));
    const region = {
      left,
      top,
      width: Math.max(1, Math.min(width - left, Math.round(item.box.width * scale))),
      height: Math.max(1, Math.min(height - top, Math.round(item.box.height * scale)))
    };
    const { data } = await sharp(sent).extract(region).greyscale().raw().toBuffer({ resolveWithObject: true });
    results.push({ item, dark: data.filter((v) => v < DARK_LEVEL).length / data.length });
  }
  return results;
}
