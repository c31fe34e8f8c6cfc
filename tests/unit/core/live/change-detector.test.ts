import { describe, expect, it } from 'vitest';
import { ChangeDetector } from '../../../../src/core/live/change-detector';
import { frameDifference } from '../../../../src/core/live/frame-difference';
import { black, noisy, relit, view, withObject, world } from './scenes';

const room = world(1);
const base = view(room);
const changed = (a: typeof base, b: typeof base) => frameDifference(a, b).changedShare >= 0.04;

describe('frame difference', () => {
  it('the same frame, noise and slow changes of light are not changes', () => {
    expect(frameDifference(base, base).changedShare).toBe(0);
    expect(changed(base, noisy(base, 2))).toBe(false);
    expect(changed(base, relit(base, 1.15, 10))).toBe(false);
    expect(changed(base, relit(noisy(base, 3), 0.85, -8))).toBe(false);
  });

  it('a small object put down, a pan and a cut are changes', () => {
    const cup = withObject(base, 37, 21, 14);
    expect(changed(base, cup)).toBe(true);
    // Only the blocks around the object changed: it is small.
    expect(frameDifference(base, cup).changedShare).toBeLessThan(0.15);
    expect(changed(base, view(room, 16))).toBe(true);
    expect(changed(base, view(world(2)))).toBe(true);
  });

  it('refuses frames of different sizes', () => {
    expect(() => frameDifference(base, view(room, 0, 88))).toThrow(/different sizes/);
  });
});

describe('change detector', () => {
  /** Feeds frames 250 ms apart (4 frames a second) and returns each decision's kind. */
  const feed = (detector: ChangeDetector, frames: (typeof base)[], start = 0) =>
    frames.map((f, i) => detector.look(f, start + i * 250).kind);

  it('describes the first scene, then stays quiet through noise and drifting light', () => {
    const detector = new ChangeDetector();
    const drifting = Array.from({ length: 40 }, (_, i) => noisy(relit(base, 1 + i * 0.01, i * 0.5), 100 + i));
    const kinds = feed(detector, [base, ...drifting]);
    expect(kinds[0]).toBe('first');
    expect(kinds.slice(1).every((k) => k === 'same')).toBe(true);
  });

  it('an object put down is described once it has held still for half a second', () => {
    const detector = new ChangeDetector();
    const cup = withObject(base, 37, 21, 14);
    const kinds = feed(detector, [base, base, cup, noisy(cup, 1), noisy(cup, 2), noisy(cup, 3), noisy(cup, 4)]);
    // At 500 ms the cup appears; at 750 and 1000 ms it is still but not for 500 ms; at 1000 ms it has been.
    expect(kinds).toEqual(['first', 'same', 'settling', 'settling', 'changed', 'same', 'same']);
  });

  it('frames from a timer that ticks a little early still settle at the second tick after the change', () => {
    const detector = new ChangeDetector();
    const cup = withObject(base, 37, 21, 14);
    const at = [0, 250, 497, 744];
    expect([base, cup, noisy(cup, 1), noisy(cup, 2)].map((f, i) => detector.look(f, at[i]!).kind)).toEqual([
      'first',
      'settling',
      'settling',
      'changed'
    ]);
  });

  it('a pan is described when the view stops moving, not during the movement', () => {
    const detector = new ChangeDetector();
    const panning = [0, 8, 16, 24, 32, 40, 48].map((left) => view(room, left));
    const resting = [1, 2, 3].map((s) => noisy(view(room, 48), s));
    const kinds = feed(detector, [...panning, ...resting]);
    expect(kinds.slice(1, 7).every((k) => k === 'settling')).toBe(true);
    expect(kinds.filter((k) => k === 'changed')).toHaveLength(1);
    expect(kinds.at(-1)).toBe('same');
  });

  it('a cut to another scene is described, and then that scene is the one compared with', () => {
    const detector = new ChangeDetector({ settleMs: 250 });
    const other = view(world(7));
    const kinds = feed(detector, [base, other, noisy(other, 1), noisy(other, 2), noisy(other, 3)]);
    expect(kinds).toEqual(['first', 'settling', 'changed', 'same', 'same']);
  });

  it('a dark frame is unusable and never becomes the scene; the camera coming back settles again', () => {
    const detector = new ChangeDetector();
    expect(detector.look(black(), 0)).toEqual({ kind: 'unusable', reason: 'black' });
    expect(detector.look(base, 250).kind).toBe('first');
    expect(detector.look(black(), 500).kind).toBe('unusable');
    expect(detector.look(base, 750).kind).toBe('same');
  });

  it('after reset the next frame is described as new', () => {
    const detector = new ChangeDetector();
    detector.look(base, 0);
    detector.reset();
    expect(detector.look(base, 250).kind).toBe('first');
  });
});
