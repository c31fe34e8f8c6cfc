import { BACKGROUND, decoding, openImage } from './decode';

/** A small brightness-only copy of an image, for quick checks that need no colour or full size. */
export interface LumaImage {
  /** Rec. 601 luma, 0..255, row by row. */
  luma: Float32Array;
  width: number;
  height: number;
  /** The input's upright size. */
  sourceWidth: number;
  sourceHeight: number;
}

export type ThumbnailSize = { maxEdge: number } | { width: number; height: number };

/*
 * libvips shrinks in RGB and the luma is computed here: asking libvips for greyscale costs about twice
 * as much on a 1080p PNG, because its colour conversion is the expensive part. Orientation is left as
 * stored; the checks built on this do not depend on which way is up.
 */
export async function lumaThumbnail(input: Uint8Array, size: ThumbnailSize): Promise<LumaImage> {
  const source = await openImage(input);
  const resize =
    'maxEdge' in size
      ? ([size.maxEdge, size.maxEdge, { fit: 'inside', withoutEnlargement: true }] as const)
      : ([size.width, size.height, { fit: 'fill' }] as const);
  const { data, info } = await decoding(() =>
    source
      .pipeline()
      .flatten({ background: BACKGROUND })
      .resize(...resize)
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
  );
  const pixels = info.width * info.height;
  const luma = new Float32Array(pixels);
  const step = info.channels;
  if (step >= 3) {
    for (let i = 0, j = 0; i < pixels; i++, j += step) {
      luma[i] = 0.299 * data[j]! + 0.587 * data[j + 1]! + 0.114 * data[j + 2]!;
    }
  } else {
    for (let i = 0; i < pixels; i++) luma[i] = data[i * step]!;
  }
  return { luma, width: info.width, height: info.height, sourceWidth: source.width, sourceHeight: source.height };
}
