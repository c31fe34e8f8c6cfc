import type { Point } from './homography';
import { polygonArea, type FoundPage } from './page-finder';

/** Where the page sits in the camera's view: what the spoken framing cues are made from. */
export interface PagePosition {
  /** The page centre's offset from the view's centre, over the view's width / height: −0.5 (left, up) … 0.5. */
  offsetX: number;
  offsetY: number;
  /** The page's area over the view's. */
  coverage: number;
  cutOff: FoundPage['cutOff'];
}

/** What the user should do next; undefined page → "no-page". */
export type FramingCue =
  'no-page' | 'move-left' | 'move-right' | 'move-up' | 'move-down' | 'farther' | 'closer' | 'framed';

/** Off-centre by more than this share of the view, the page is to be moved. */
const OFF_CENTRE = 0.15;
/** A page covering less than this share of the view is too small to read well. */
const TOO_SMALL = 0.2;

export function pagePosition(page: FoundPage, width: number, height: number): PagePosition {
  const centre = page.corners.reduce<Point>((m, p) => ({ x: m.x + p.x / 4, y: m.y + p.y / 4 }), { x: 0, y: 0 });
  return {
    offsetX: centre.x / width - 0.5,
    offsetY: centre.y / height - 0.5,
    coverage: polygonArea(page.corners) / (width * height),
    cutOff: page.cutOff
  };
}

/**
 * The one change that helps most: a page cut off on two sides or more is too close; one cut off on a side,
 * or far off-centre, moves back towards the middle (a page out at the left must move right); a small
 * one comes closer.
 */
export function framingCue(position: PagePosition | undefined): FramingCue {
  if (!position) return 'no-page';
  const { cutOff, offsetX, offsetY, coverage } = position;
  if (Object.values(cutOff).filter(Boolean).length >= 2) return 'farther';
  if (cutOff.left || offsetX < -OFF_CENTRE) return 'move-right';
  if (cutOff.right || offsetX > OFF_CENTRE) return 'move-left';
  if (cutOff.top || offsetY < -OFF_CENTRE) return 'move-down';
  if (cutOff.bottom || offsetY > OFF_CENTRE) return 'move-up';
  if (coverage < TOO_SMALL) return 'closer';
  return 'framed';
}

/**
 * How well the page is placed, 0 (no page) … 1 (whole, in the middle, large enough): each side in view,
 * the centre's nearness to the view's and the size (up to the size that reads well) multiply, so the
 * score rises as a page slides in, comes to the middle or closer.
 */
export function placementScore(position: PagePosition | undefined): number {
  if (!position) return 0;
  const { cutOff, offsetX, offsetY, coverage } = position;
  const sides = Object.values(cutOff).filter((cut) => !cut).length / 4;
  const centred = 1 - Math.min(1, 2 * Math.max(Math.abs(offsetX), Math.abs(offsetY)));
  const size = Math.min(1, coverage / TOO_SMALL);
  return sides * centred * size;
}
