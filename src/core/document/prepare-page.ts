import { BACKGROUND, decoding, openImage } from '../imaging/decode';
import { pagePosition, type PagePosition } from './framing';
import { homographyFrom, warp, type GreyImage } from './homography';
import { evenLight } from './light';
import { quarterTurned, sideways } from './orientation';
import { findPage, type FoundPage } from './page-finder';
import { skewAngle, turnAbout } from './skew';
import { binarized, inkMask, lineHeight } from './threshold';
import sharp from 'sharp';

/*
 * Makes a photographed page readable for the text reader, which was made for screen pixels: the page
 * found, cut out and flattened (perspective), turned upright when on its side (orientation.ts), turned
 * level (deskew), its light evened, small text enlarged, then ink parted from paper neighbourhood by
 * neighbourhood. Each step can be left out, so its effect can be measured (bench/document.ts).
 */

export interface DocumentSteps {
  /** Cut the page out of the view; with four corners found, flatten it to a rectangle. */
  page: boolean;
  deskew: boolean;
  light: boolean;
  upscale: boolean;
  threshold: boolean;
}

/*
 * Thresholding is measured but left out by default: once the light is even, Tesseract's own
 * binarisation of the grey page reads better than ink drawn black here (docs/PERFORMANCE.md).
 */
export const DEFAULT_STEPS: DocumentSteps = { page: true, deskew: true, light: true, upscale: true, threshold: false };

/** Longest edge worked on: a 50 MP photo is shrunk on load to this, so memory stays bounded. */
export const WORK_EDGE = 2048;
/** Ink window when judging lines and skew, in pixels of the frame. */
const INK_WINDOW = 31;
/** Text is enlarged until a line of it (ascenders to descenders) is about this many pixels high … */
const TARGET_LINE = 40;
/** … by at most this much. */
const MAX_UPSCALE = 3;
/** Pixels left off each edge of a flattened page. */
const RIM = 4;
/** Turns smaller than this (degrees) are left alone: resampling costs sharpness. */
const MIN_SKEW = 0.3;

export interface PreparedPage {
  /** The prepared page as a greyscale PNG, for the text reader. */
  png: Uint8Array;
  width: number;
  height: number;
  /** The page found, in the pixels of the picture worked on (`view`), and where it sits there. */
  page?: FoundPage;
  position?: PagePosition;
  view: { width: number; height: number };
  /** How far the lines were turned to level them, degrees. */
  skew: number;
  /** How much the text was enlarged. */
  upscale: number;
  /** A quarter turn (clockwise) when the page lay on its side; whether it is upside down only reading tells (read-page.ts). */
  turned: 0 | 90;
}

async function greyView(input: Uint8Array): Promise<GreyImage> {
  const source = await openImage(input);
  const { data, info } = await decoding(() =>
    source
      .pipeline()
      .autoOrient()
      .flatten({ background: BACKGROUND })
      .resize(WORK_EDGE, WORK_EDGE, { fit: 'inside', withoutEnlargement: true })
      .greyscale()
      .extractChannel(0)
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
  );
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height
  };
}

const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

/** The page alone: flattened when seen whole by its edges, else the box around it (its text's extent, with a margin). */
function pageAlone(view: GreyImage, page: FoundPage): GreyImage {
  const [tl, tr, br, bl] = page.corners as [
    (typeof page.corners)[0],
    (typeof page.corners)[0],
    (typeof page.corners)[0],
    (typeof page.corners)[0]
  ];
  const whole = page.by === 'edges' && !Object.values(page.cutOff).some(Boolean);
  if (whole) {
    const [w, h] = [Math.max(distance(tl, tr), distance(bl, br)), Math.max(distance(tl, bl), distance(tr, br))];
    // The page's own rectangle, less a thin rim, so no sliver of table shows as a dark rule along an edge.
    const [width, height] = [Math.round(w - 2 * RIM), Math.round(h - 2 * RIM)];
    const toView = homographyFrom(
      [
        { x: -RIM, y: -RIM },
        { x: width + RIM, y: -RIM },
        { x: width + RIM, y: height + RIM },
        { x: -RIM, y: height + RIM }
      ],
      page.corners
    );
    return warp(view, toView, width, height);
  }
  const margin = page.by === 'text' ? 24 : 0;
  const left = Math.max(0, Math.floor(Math.min(tl.x, bl.x)) - margin);
  const top = Math.max(0, Math.floor(Math.min(tl.y, tr.y)) - margin);
  const right = Math.min(view.width, Math.ceil(Math.max(tr.x, br.x)) + margin);
  const bottom = Math.min(view.height, Math.ceil(Math.max(bl.y, br.y)) + margin);
  const width = Math.max(1, right - left);
  const height = Math.max(1, bottom - top);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    data.set(view.data.subarray((top + y) * view.width + left, (top + y) * view.width + left + width), y * width);
  return { data, width, height };
}

async function enlarged(image: GreyImage, scale: number): Promise<GreyImage> {
  const width = Math.round(image.width * scale);
  const height = Math.round(image.height * scale);
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .resize(width, height, { kernel: 'cubic', fit: 'fill' })
    .extractChannel(0)
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height };
}

/** Prepares a photographed page (a camera frame or a photo from a file). Errors: ImageError for bad images. */
export async function preparePage(input: Uint8Array, steps: DocumentSteps = DEFAULT_STEPS): Promise<PreparedPage> {
  const view = await greyView(input);
  const page = findPage(view);
  let image = view;
  if (steps.page && page) image = pageAlone(view, page);
  let ink = inkMask(image, INK_WINDOW);
  let turned: PreparedPage['turned'] = 0;
  if (sideways(ink, image.width, image.height)) {
    image = quarterTurned(image);
    ink = inkMask(image, INK_WINDOW);
    turned = 90;
  }
  let skew = 0;
  if (steps.deskew) {
    skew = skewAngle(ink, image.width, image.height);
    if (Math.abs(skew) >= MIN_SKEW)
      image = warp(image, turnAbout(skew, image.width, image.height), image.width, image.height);
    else skew = 0;
  }
  if (steps.light) image = evenLight(image);
  const line = lineHeight(inkMask(image, INK_WINDOW), image.width, image.height);
  let upscale = 1;
  if (steps.upscale && line && line < TARGET_LINE) {
    upscale = Math.min(MAX_UPSCALE, TARGET_LINE / line);
    image = await enlarged(image, upscale);
  }
  if (steps.threshold) image = binarized(image, Math.max(15, Math.round(2 * (line ?? 16) * upscale)) | 1);
  const png = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return {
    png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
    width: image.width,
    height: image.height,
    page,
    position: page && pagePosition(page, view.width, view.height),
    view: { width: view.width, height: view.height },
    skew,
    upscale,
    turned
  };
}
