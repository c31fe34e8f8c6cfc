import sharp, { type Sharp } from 'sharp';
import { IMAGE_MESSAGES, ImageError } from './errors';

/**
 * Largest input Lumen opens, in pixels. sharp's own default (about 268 MP) refuses a 20 000 × 20 000
 * scan; 500 MP admits it while still refusing decompression bombs (a tiny file that claims to be
 * gigapixels). Decoding streams through libvips: a 400 MP PNG downscales in under a second with about
 * 50 MB of extra memory.
 */
export const MAX_INPUT_PIXELS = 500_000_000;

/** Raster formats a user's picture or screenshot comes in. Vector and document formats are refused. */
const READABLE_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif', 'avif', 'jp2', 'jxl']);

/** Transparent parts are shown on white, as most viewers, documents and light UIs would show them. */
export const BACKGROUND = { r: 255, g: 255, b: 255 } as const;

export interface OpenedImage {
  /** Size as the user sees it, after the EXIF orientation is applied. */
  width: number;
  height: number;
  format: string;
  /** A fresh sharp pipeline over the input: truncated or invalid data fails it instead of giving a partial picture. */
  pipeline(): Sharp;
}

function toImageError(error: unknown): ImageError {
  if (error instanceof ImageError) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(text)) return new ImageError(IMAGE_MESSAGES.tooManyPixels, 'too-large');
  if (/unsupported image format/i.test(text)) return new ImageError(IMAGE_MESSAGES.unreadable, 'unsupported');
  return new ImageError(IMAGE_MESSAGES.unreadable, 'corrupt');
}

/** Runs a sharp step, turning libvips' errors into the spoken ImageError. */
export async function decoding<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw toImageError(error);
  }
}

/** Reads the header only: refuses empty, unknown, vector and oversized images before any pixel is decoded. */
export async function openImage(input: Uint8Array): Promise<OpenedImage> {
  if (input.byteLength === 0) throw new ImageError(IMAGE_MESSAGES.empty, 'empty');
  const pipeline = () => sharp(input, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS });
  const meta = await decoding(() => pipeline().metadata());
  if (!READABLE_FORMATS.has(meta.format)) throw new ImageError(IMAGE_MESSAGES.unreadable, 'unsupported');
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!(width > 0 && height > 0)) throw new ImageError(IMAGE_MESSAGES.unreadable, 'corrupt');
  if (width * height > MAX_INPUT_PIXELS) throw new ImageError(IMAGE_MESSAGES.tooManyPixels, 'too-large');
  return { width, height, format: meta.format, pipeline };
}
