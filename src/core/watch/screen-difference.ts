import type { ChangeDetectorOptions } from '../live/change-detector';
import type { LumaImage } from '../imaging/luma';

/*
 * How much of a watched screen area changed. Screen pixels are exact, unlike a camera's: no noise,
 * no drifting light, so pixels are compared one by one. What is left out is what is not worth a
 * word: a caret or a focus line blinking (a change one or two pixels thin) and a handful of stray
 * pixels (anti-aliasing after a JPEG, a cursor's shadow).
 */

/** The longest edge a watched area is compared at: half of a 1080p window, where a letter still shows. */
export const SCREEN_COMPARE_EDGE = 960;
/** A pixel whose brightness moved by more than this (of 255) changed; below, only encoding differs. */
const PIXEL_TOLERANCE = 24;
/** Fewer changed pixels than this are nothing to speak of. */
const MIN_PIXELS = 6;
/** A change no thicker than this, in compared pixels, is a caret or a line blinking. */
const THIN = 2;

export interface ScreenChange {
  /** Pixels that changed, and their share of the frame. */
  pixels: number;
  share: number;
  /** The rectangle around them (compared pixels), absent when none changed. */
  box?: { x: number; y: number; width: number; height: number };
}

/** Counts the pixels that changed between two frames of a watched area, and where they are. */
export function screenChange(before: LumaImage, after: LumaImage): ScreenChange {
  const total = after.width * after.height;
  // A resized window is a changed window.
  if (before.width !== after.width || before.height !== after.height) {
    return { pixels: total, share: 1, box: { x: 0, y: 0, width: after.width, height: after.height } };
  }
  const { width } = after;
  const a = before.luma;
  const b = after.luma;
  let pixels = 0;
  let left = width;
  let right = -1;
  let top = -1;
  let bottom = -1;
  for (let i = 0; i < total; i++) {
    if (Math.abs(a[i]! - b[i]!) <= PIXEL_TOLERANCE) continue;
    pixels++;
    const x = i % width;
    const y = (i - x) / width;
    if (top < 0) top = y;
    bottom = y;
    if (x < left) left = x;
    if (x > right) right = x;
  }
  if (!pixels) return { pixels: 0, share: 0 };
  return {
    pixels,
    share: pixels / total,
    box: { x: left, y: top, width: right - left + 1, height: bottom - top + 1 }
  };
}

/** The share of the area that changed in a way worth a word; 0 for a caret blink or a few stray pixels. */
export function screenDifference(before: LumaImage, after: LumaImage): number {
  const change = screenChange(before, after);
  if (!change.box || change.pixels < MIN_PIXELS) return 0;
  if (Math.min(change.box.width, change.box.height) <= THIN) return 0;
  return change.share;
}

/**
 * The change detector tuned for a screen: any change worth a word counts, the frame must be exactly
 * still to count as settled, and the capture guard is off (a plain dialog is a usable picture).
 */
export const SCREEN_DETECTOR: ChangeDetectorOptions = {
  difference: screenDifference,
  guard: false,
  minChangedShare: Number.MIN_VALUE,
  maxMovingShare: 0,
  settleMs: 500
};
