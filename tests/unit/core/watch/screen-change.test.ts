import { describe, expect, it } from 'vitest';
import { lumaThumbnail } from '../../../../src/core/imaging/luma';
import { ChangeDetector } from '../../../../src/core/live/change-detector';
import {
  SCREEN_COMPARE_EDGE,
  SCREEN_DETECTOR,
  screenChange,
  screenDifference
} from '../../../../src/core/watch/screen-difference';
import { DIALOG, DIALOG_LAYOUT, dialogPng, DOWNLOAD_STEPS, type DialogState } from '../../../progress-dialog';

/** A dialog frame as the watch compares it. */
const frame = async (state: DialogState) => lumaThumbnail(await dialogPng(state), { maxEdge: SCREEN_COMPARE_EDGE });

const [start, half] = DOWNLOAD_STEPS as [DialogState, DialogState];

/** Feeds frames 500 ms apart (a screen watched at 2 frames a second) and returns each decision's kind. */
const feed = (detector: ChangeDetector, frames: Awaited<ReturnType<typeof frame>>[]) =>
  frames.map((f, i) => detector.look(f, i * 500).kind);

describe('screen change', () => {
  it('finds exactly what changed and where', async () => {
    const before = await frame(start);
    expect(screenChange(before, before)).toEqual({ pixels: 0, share: 0 });
    const after = await frame({ ...start, status: 'Connecting to the server.' });
    const change = screenChange(before, after);
    // Only the full stop after the status line: a few pixels, at its end (compared at 960 of 1280 px).
    const scale = SCREEN_COMPARE_EDGE / DIALOG.width;
    const { status } = DIALOG_LAYOUT;
    expect(change.pixels).toBeGreaterThan(5);
    expect(change.share).toBeLessThan(0.001);
    expect(change.box!.x).toBeGreaterThan((status.x + 300) * scale);
    expect(change.box!.y).toBeGreaterThan(status.y * scale);
    expect(change.box!.y + change.box!.height).toBeLessThan((status.y + DIALOG.fontPx * 1.3) * scale);
  });

  it('a caret blinking is no change; one digit of a percentage is', async () => {
    const on = await frame({ ...start, caret: true });
    const off = await frame(start);
    expect(screenChange(on, off).pixels).toBeGreaterThan(0);
    expect(screenDifference(on, off)).toBe(0);
    const percent = (p: number) => frame({ ...start, status: `${p}% of the file received` });
    expect(screenDifference(await percent(45), await percent(46))).toBeGreaterThan(0);
  });

  it('a resized window is a change of all of it', async () => {
    const big = await frame(start);
    const small = await lumaThumbnail(await dialogPng(start), { maxEdge: 400 });
    expect(screenDifference(big, small)).toBe(1);
  });
});

describe('screen change detector', () => {
  it('identical frames and a blinking caret are the same, frame after frame', async () => {
    const plain = await frame(start);
    const caret = await frame({ ...start, caret: true });
    const kinds = feed(new ChangeDetector(SCREEN_DETECTOR), [plain, caret, plain, caret, plain, plain, caret]);
    expect(kinds).toEqual(['first', 'same', 'same', 'same', 'same', 'same', 'same']);
  });

  it('a change of text is reported once it has held still for half a second', async () => {
    const before = await frame(start);
    const after = await frame(half);
    const kinds = feed(new ChangeDetector(SCREEN_DETECTOR), [before, before, after, after, after, after]);
    expect(kinds).toEqual(['first', 'same', 'settling', 'changed', 'same', 'same']);
  });

  it('a progress bar still filling is not reported until it stops, then once', async () => {
    const filling = await Promise.all([0.1, 0.2, 0.3, 0.4, 0.5].map((progress) => frame({ ...start, progress })));
    const done = await frame({ ...start, progress: 0.5 });
    const kinds = feed(new ChangeDetector(SCREEN_DETECTOR), [await frame(start), ...filling, done, done, done]);
    expect(kinds).toEqual([
      'first',
      'settling',
      'settling',
      'settling',
      'settling',
      'settling',
      'changed',
      'same',
      'same'
    ]);
  });

  it('a plain, empty area is watched like any other (no capture guard on a screen)', async () => {
    const blank = await frame({ title: '', status: '', progress: 0 });
    const kinds = feed(new ChangeDetector(SCREEN_DETECTOR), [blank, blank, await frame(start), await frame(start)]);
    expect(kinds).toEqual(['first', 'same', 'settling', 'changed']);
  });
});
