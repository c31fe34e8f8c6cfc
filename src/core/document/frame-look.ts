import sharp from 'sharp';
import { decoding, openImage } from '../imaging/decode';
import { captureStats } from '../imaging/guard';
import type { LumaImage } from '../imaging/luma';
import { frameDifference } from '../live/frame-difference';
import { framingCue, pagePosition, placementScore, type FramingCue } from './framing';
import { hasGlare } from './glare';
import type { GreyImage } from './homography';
import { findPage, type FoundPage } from './page-finder';

/*
 * One quick look at a camera frame while guiding: where the page is, how sharp the frame is, and a
 * tiny copy to tell movement by. The page is looked for at 480 pixels across: the cue needs only
 * where the page lies, which is found there as at 1280 (the same cues on the test pages, text-only
 * pages included) for about a tenth of the work.
 */

/** Longest edge the page is looked for at. */
const LOOK_EDGE = 480;
/** The size frames are compared at for movement (as live's change detector does). */
const COMPARE = { width: 96, height: 72 };
/** Frames differing in more than this share of blocks show movement (live's detector uses the same). */
const MOVING_SHARE = 0.02;
/**
 * Nothing in view brighter than this (the capture guard's measure: the brightest 0.1 %, of 255): too
 * dark for a page to be seen. Lower than the guard's "dark", which a dark table in a lit room is.
 */
const TOO_DARK_BRIGHT = 40;
/**
 * A page corner that moved more than this share of the view's width between frames: the page moves.
 * The small copy misses a slow drift (a few pixels of it), which still smears the letters.
 */
const MOVING_CORNER = 0.006;

export interface FrameLook {
  /** Where to move the page, that the view is too dark to see one, or that glare hides part of it. */
  cue: FramingCue | 'too-dark' | 'glare';
  page?: FoundPage;
  /** How well the page is placed in the view, 0 … 1 (framing.ts). */
  placement: number;
  /** The capture guard's blur measure (Laplacian over gradient energy): higher is sharper. */
  sharpness: number;
  /** A small grey copy for comparing frames. */
  small: LumaImage;
  /** The width of the view the page's corners are in. */
  width: number;
}

/** True when the page (or what is in view) moved between two frames. */
export function moved(before: FrameLook, after: FrameLook): boolean {
  if (frameDifference(before.small, after.small).changedShare > MOVING_SHARE) return true;
  if (!before.page || !after.page) return !!before.page !== !!after.page;
  const a = before.page.corners;
  const shift = Math.max(...after.page.corners.map((p, i) => Math.hypot(p.x - a[i]!.x, p.y - a[i]!.y)));
  return shift > MOVING_CORNER * after.width;
}

const asLuma = (data: Uint8Array, width: number, height: number): LumaImage => ({
  luma: Float32Array.from(data),
  width,
  height,
  sourceWidth: width,
  sourceHeight: height
});

export async function lookAtFrame(image: Uint8Array): Promise<FrameLook> {
  const source = await openImage(image);
  const { data, info } = await decoding(() =>
    source
      .pipeline()
      .resize(LOOK_EDGE, LOOK_EDGE, { fit: 'inside', withoutEnlargement: true })
      .greyscale()
      .extractChannel(0)
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
  );
  const view: GreyImage = {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height
  };
  const small = await sharp(view.data, { raw: { width: view.width, height: view.height, channels: 1 } })
    .resize(COMPARE.width, COMPARE.height, { fit: 'fill' })
    .raw()
    .toBuffer();
  const page = findPage(view);
  const position = page && pagePosition(page, view.width, view.height);
  const stats = captureStats(asLuma(view.data, view.width, view.height));
  const dark = stats.brightLuma <= TOO_DARK_BRIGHT;
  const framing = framingCue(position);
  // Glare is told of once the page is in place: moving it would change the reflection anyway.
  const glare = framing === 'framed' && !!page && hasGlare(view, page);
  return {
    cue: dark ? 'too-dark' : glare ? 'glare' : framing,
    page: dark ? undefined : page,
    placement: dark ? 0 : placementScore(position),
    sharpness: stats.sharpness,
    small: asLuma(small, COMPARE.width, COMPARE.height),
    width: view.width
  };
}
