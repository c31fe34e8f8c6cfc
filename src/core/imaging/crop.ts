import { decoding, openImage } from './decode';

/** A part of an image in fractions of its width and height (0..1), measured on the upright image. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Crops bigger than this are scaled to fit: nothing downstream looks at more, and the PNG stays quick to make. */
export const MAX_CROP_EDGE = 4096;
/** Intermediate image: fast compression matters more than size. */
const PNG_COMPRESSION = 2;
/** Edges may land a hair past 1 after float arithmetic in the region selector. */
const SLACK = 1e-9;

function checkRegion(region: Region): void {
  const { x, y, width, height } = region;
  const finite = [x, y, width, height].every(Number.isFinite);
  if (!finite || x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > 1 + SLACK || y + height > 1 + SLACK) {
    throw new RangeError(`Region must lie within the image (fractions 0..1), got ${JSON.stringify(region)}`);
  }
}

/** Pixel edges that cover the region, at least one pixel each way, inside the image. */
function pixelRect(region: Region, imageWidth: number, imageHeight: number) {
  const span = (start: number, length: number, total: number) => {
    const from = Math.min(total - 1, Math.floor(start * total + SLACK));
    const to = Math.min(total, Math.max(from + 1, Math.ceil((start + length) * total - SLACK)));
    return [from, to - from] as const;
  };
  const [left, width] = span(region.x, region.width, imageWidth);
  const [top, height] = span(region.y, region.height, imageHeight);
  return { left, top, width, height };
}

/** PNG of one part of an image, for the keyboard region selector. Unusable input throws ImageError. */
export async function crop(input: Uint8Array, region: Region): Promise<Buffer> {
  checkRegion(region);
  const source = await openImage(input);
  const rect = pixelRect(region, source.width, source.height);
  return decoding(() =>
    source
      .pipeline()
      .autoOrient()
      .extract(rect)
      .resize(MAX_CROP_EDGE, MAX_CROP_EDGE, { fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: PNG_COMPRESSION })
      .toBuffer()
  );
}
