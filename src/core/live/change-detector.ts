import { captureStats, judgeCapture, type CaptureProblem } from '../imaging/guard';
import type { LumaImage } from '../imaging/luma';
import { frameDifference } from './frame-difference';

/*
 * Decides, frame by frame, when a live scene has changed enough, and held still long enough, to be
 * worth a word. Frames are compared with the last scene Lumen spoke about (the reference), so slow
 * drift never adds up to a remark, and with the frame before, so a change is described once it has
 * settled rather than in the middle of a movement. Time comes with each frame: the detector has no
 * clock of its own.
 */

export interface ChangeDetectorOptions {
  /** How long a changed scene must hold still before it is described. */
  settleMs?: number;
  /** Share of blocks that must differ from the reference for the scene to count as changed. */
  minChangedShare?: number;
  /** Share of blocks that may differ from the previous frame while the scene still counts as still. */
  maxMovingShare?: number;
  /**
   * How much of a frame differs from another, 0..1 (by default the camera's measure, which ignores
   * noise and light); a screen, whose pixels are exact, is compared in its own way.
   */
  difference?: (before: LumaImage, after: LumaImage) => number;
  /** Skip frames the capture guard finds unusable; off for a screen, where a plain area is usable. */
  guard?: boolean;
}

export type FrameDecision =
  /** The capture guard says this frame shows nothing usable (dark, black, one colour, blurred). */
  | { kind: 'unusable'; reason: CaptureProblem }
  /** The first usable frame: the scene to describe first. */
  | { kind: 'first' }
  /** Nothing worth a word since the reference. */
  | { kind: 'same' }
  /** Changed, but still moving (or not yet still for long enough). */
  | { kind: 'settling' }
  /** Changed and settled: describe this frame; it is now the reference. */
  | { kind: 'changed'; changedShare: number };

const DEFAULTS: Required<ChangeDetectorOptions> = {
  settleMs: 500,
  minChangedShare: 0.04,
  maxMovingShare: 0.02,
  difference: (before, after) => frameDifference(before, after).changedShare,
  guard: true
};
/**
 * Frames come from a timer whose ticks land a few milliseconds early or late: a scene still across two
 * ticks of 250 ms has held for half a second even when they were 497 ms apart.
 */
const TICK_SLACK_MS = 40;

export class ChangeDetector {
  private readonly options: Required<ChangeDetectorOptions>;
  private reference: LumaImage | undefined;
  private previous: LumaImage | undefined;
  /** When the frames stopped moving, while the scene differs from the reference. */
  private stillSince: number | undefined;

  constructor(options: ChangeDetectorOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Looks at the next frame, taken at `at` milliseconds. */
  look(frame: LumaImage, at: number): FrameDecision {
    const problem = this.options.guard ? judgeCapture(captureStats(frame)) : undefined;
    if (problem) {
      // An unusable frame breaks stillness: what follows it has to settle again.
      this.stillSince = undefined;
      this.previous = undefined;
      return { kind: 'unusable', reason: problem };
    }
    const previous = this.previous;
    this.previous = frame;
    if (!this.reference) {
      this.reference = frame;
      return { kind: 'first' };
    }
    const { difference } = this.options;
    const fromReference = difference(this.reference, frame);
    if (fromReference < this.options.minChangedShare) {
      this.stillSince = undefined;
      return { kind: 'same' };
    }
    const moving = !previous || !this.sameView(previous, frame);
    if (moving) {
      this.stillSince = at;
      return { kind: 'settling' };
    }
    this.stillSince ??= at;
    if (at - this.stillSince < this.options.settleMs - TICK_SLACK_MS) return { kind: 'settling' };
    this.reference = frame;
    this.stillSince = undefined;
    return { kind: 'changed', changedShare: fromReference };
  }

  /** True when `b` shows the same view as `a`: what differs between them is no more than a still scene's. */
  sameView(a: LumaImage, b: LumaImage): boolean {
    return this.options.difference(a, b) <= this.options.maxMovingShare;
  }

  /** Starts over: the next usable frame is described as new. */
  reset(): void {
    this.reference = undefined;
    this.previous = undefined;
    this.stillSince = undefined;
  }
}
