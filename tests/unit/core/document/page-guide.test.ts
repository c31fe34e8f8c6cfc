import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { lookAtFrame } from '../../../../src/core/document/frame-look';
import {
  CUE_GAP_MS,
  NO_PAGE,
  NO_PAGE_MS,
  PageGuide,
  STOPPED,
  TAKEN_WHOLE
} from '../../../../src/core/document/page-guide';
import { GUIDE_CUE_WORDS, type DocumentStatus } from '../../../../src/shared/contract';
import { LumenError } from '../../../../src/shared/errors';
import type { FramingCues } from '../../../../src/shared/settings';
import { emptyTable, GLARE, photographedPage, slideIn, SLIDE_IN_MS, SLIDE_IN_REST } from './pages';

/** A guide on the real frame look, with a clock the test moves and the page read kept, not read. */
function guideWithClock(framingCues: FramingCues = 'words', hold?: Promise<void>) {
  const clock = { now: 0 };
  const cues: Array<{ text: string; at: number }> = [];
  const said: string[] = [];
  const read: Uint8Array[] = [];
  const statuses: DocumentStatus[] = [];
  const guide = new PageGuide({
    now: () => clock.now,
    cue: (text) => cues.push({ text, at: clock.now }),
    framingCues: () => framingCues,
    say: (text) => said.push(text),
    look: lookAtFrame,
    read: async (image) => {
      await hold;
      read.push(image);
    },
    onStatus: (status) => statuses.push(status)
  });
  const frame = (image: Uint8Array, at: number) => {
    clock.now = at;
    return guide.frame(image);
  };
  return { guide, frame, cues, said, read, statuses };
}

const slide = await slideIn();
const [table, outLeft] = await Promise.all([
  emptyTable(),
  photographedPage({ pose: { dx: -500 } }).then((p) => p.jpeg)
]);

describe('reading with the camera: the guide', { timeout: 60_000 }, () => {
  it('guides a page sliding in from the left, then takes a settled frame', async () => {
    const g = guideWithClock();
    g.guide.start();
    const results = [];
    for (const [i, image] of slide.entries()) {
      results.push(await g.frame(image, i * SLIDE_IN_MS));
      if (results.at(-1) === 'taken') break;
    }
    await g.guide.reading;

    // The cues as said: each phase long enough for its cue to be heard once the gap allows.
    expect(g.cues.map((c) => c.text)).toEqual([
      GUIDE_CUE_WORDS['no-page'],
      GUIDE_CUE_WORDS['no-page'],
      GUIDE_CUE_WORDS['move-right'],
      GUIDE_CUE_WORDS['hold-still'],
      TAKEN_WHOLE
    ]);
    // Taken on the third still frame at the resting place; what was read is one of those frames.
    expect(results.at(-1)).toBe('taken');
    expect(results.length).toBe(SLIDE_IN_REST + 4);
    expect(slide.slice(SLIDE_IN_REST + 1)).toContain(g.read[0]);
    expect(g.read).toHaveLength(1);
    // Each state and cue once, in order (the score changes more often).
    expect(g.statuses.map((s) => s.cue ?? s.state).filter((c, i, all) => c !== all[i - 1])).toEqual([
      'guiding',
      'no-page',
      'move-right',
      'hold-still',
      'reading',
      'off'
    ]);
  });

  it('scores the framing from 0 (no page) rising to 1 as the page slides in and holds still', async () => {
    const g = guideWithClock();
    g.guide.start();
    const scores: number[] = [];
    for (const [i, image] of slide.entries()) {
      if ((await g.frame(image, i * SLIDE_IN_MS)) === 'taken') break;
      scores.push(g.guide.status().score!);
    }
    // Never falling, from nothing (the empty table) to the full score of a page framed and still.
    expect(scores[0]).toBe(0);
    expect(
      scores.every((score, i) => i === 0 || score >= scores[i - 1]!),
      scores.join(' ')
    ).toBe(true);
    expect(new Set(scores).size).toBeGreaterThanOrEqual(6);
    expect(scores.at(-1)).toBe(1);
  });

  it('with "sounds" chosen, says no framing cue in words, and still says the page is taken', async () => {
    const g = guideWithClock('sounds');
    g.guide.start();
    for (const [i, image] of slide.entries()) if ((await g.frame(image, i * SLIDE_IN_MS)) === 'taken') break;
    expect(g.cues.map((c) => c.text)).toEqual([TAKEN_WHOLE]);
    expect(g.statuses.map((s) => s.cue).filter(Boolean)).toContain('move-right');
  });

  it('says a cue at most every 1.5 s, however often it changes', async () => {
    const g = guideWithClock();
    g.guide.start();
    // The page in and out of view every 100 ms for 5 s: the cue changes on every frame.
    for (let at = 0; at <= 5000; at += 100) await g.frame(at % 200 ? table : outLeft, at);
    expect(g.cues.map((c) => c.at)).toEqual([0, CUE_GAP_MS, 2 * CUE_GAP_MS, 3 * CUE_GAP_MS]);
    // What is said is the cue of the moment it is said, not one left over from before.
    expect(g.cues.map((c) => c.text)).toEqual([
      GUIDE_CUE_WORDS['move-right'],
      GUIDE_CUE_WORDS['no-page'],
      GUIDE_CUE_WORDS['move-right'],
      GUIDE_CUE_WORDS['no-page']
    ]);
  });

  it('says once a spell that it is too dark, instead of "no page found", and again after light came back', async () => {
    const g = guideWithClock();
    g.guide.start();
    const dark = await photographedPage({ pose: { rotate: 2 }, light: 0.12 });
    const results = [];
    // 10 s of a page in a dim room, a frame every 250 ms: said once, not every 1.5 s.
    for (let at = 0; at < 10_000; at += 250) results.push(await g.frame(dark.jpeg, at));
    expect(new Set(results)).toEqual(new Set(['too-dark']));
    expect(g.guide.status()).toMatchObject({ cue: 'too-dark', score: 0 });
    expect(g.cues).toEqual([{ text: GUIDE_CUE_WORDS['too-dark'], at: 0 }]);
    // The light comes on over an empty table; then it goes off again: a new spell, said again.
    expect(await g.frame(table, 10_000)).toBe('no-page');
    for (let at = 10_250; at < 15_000; at += 250) await g.frame(dark.jpeg, at);
    expect(g.cues.map((c) => [c.text, c.at])).toEqual([
      [GUIDE_CUE_WORDS['too-dark'], 0],
      [GUIDE_CUE_WORDS['no-page'], 10_000],
      [GUIDE_CUE_WORDS['too-dark'], 11_500]
    ]);
  });

  it('says there is glare, paced as the other cues, and takes the page only once it is tilted out of it', async () => {
    const g = guideWithClock('sounds');
    g.guide.start();
    const glary = await Promise.all([1, 2, 3, 4].map((seed) => photographedPage({ ...GLARE, seed })));
    const results = [];
    // Held still under the lamp for 4 s: never taken, told every 1.5 s (in words even with sounds chosen).
    for (let at = 0; at < 4000; at += 250) results.push(await g.frame(glary[(at / 250) % 4]!.jpeg, at));
    expect(new Set(results)).toEqual(new Set(['glare']));
    expect(g.cues).toEqual([0, CUE_GAP_MS, 2 * CUE_GAP_MS].map((at) => ({ text: GUIDE_CUE_WORDS.glare, at })));
    expect(g.guide.status().score).toBeLessThan(1);
    // Tilted a little: the reflection is off the page, which is taken once still.
    const clear = await Promise.all([5, 6, 7, 8].map((seed) => photographedPage({ pose: { rotate: 2 }, seed })));
    for (const [i, photo] of clear.entries()) {
      results.push(await g.frame(photo.jpeg, 4000 + i * 250));
      if (results.at(-1) === 'taken') break;
    }
    await g.guide.reading;
    expect(results.at(-1)).toBe('taken');
    expect(clear.map((c) => c.jpeg)).toContain(g.read[0]);
  });

  it('stops after 30 s without a page, saying so once', async () => {
    const g = guideWithClock();
    g.guide.start();
    await g.frame(table, 0);
    // A page seen at 10 s starts the 30 s again.
    await g.frame(outLeft, 10_000);
    for (let at = 11_000; at < 10_000 + NO_PAGE_MS; at += 1000) expect(await g.frame(table, at)).toBe('no-page');
    expect(g.guide.status().state).toBe('guiding');
    expect(g.said).not.toContain(NO_PAGE);

    await g.frame(table, 10_000 + NO_PAGE_MS);
    expect(g.guide.status()).toEqual({ state: 'off', stopped: true });
    expect(g.said.filter((s) => s === NO_PAGE)).toHaveLength(1);
    await expect(g.frame(table, 10_000 + NO_PAGE_MS + 250)).rejects.toBeInstanceOf(LumenError);
    expect(g.said.filter((s) => s === NO_PAGE)).toHaveLength(1);
    expect(g.read).toHaveLength(0);
  });

  it('stops while the page taken is read: "stopped" said once, the end of the reading neither said nor published', async () => {
    let fail = (_: Error) => {};
    const failing = new Promise<void>((_, reject) => (fail = reject));
    const g = guideWithClock('words', failing);
    g.guide.start();
    for (const [i, image] of slide.entries()) if ((await g.frame(image, i * SLIDE_IN_MS)) === 'taken') break;
    const [said, statuses] = [g.said.length, g.statuses.length];
    expect(g.guide.stop()).toEqual({ state: 'off', stopped: true });
    // The reading, let go, fails: no word of that either, and no second "off".
    fail(new Error('recognition failed'));
    await g.guide.reading;
    expect(g.said.slice(said)).toEqual([STOPPED]);
    expect(g.statuses.slice(statuses)).toEqual([{ state: 'off', stopped: true }]);
    // A new start guides again.
    expect(g.guide.start()).toEqual({ state: 'guiding' });
  });

  it('takes the sharpest of the still frames', async () => {
    const g = guideWithClock();
    const still = await Promise.all([1, 2, 3, 4].map((seed) => photographedPage({ pose: { rotate: 2 }, seed })));
    // The camera's focus hunts on the second still frame: it is blurred.
    const blurred = await sharp(still[1]!.jpeg).blur(1.5).jpeg({ quality: 72 }).toBuffer();
    const frames = [still[0]!.jpeg, blurred, still[2]!.jpeg, still[3]!.jpeg];
    g.guide.start();
    const results = [];
    for (const [i, image] of frames.entries()) results.push(await g.frame(image, i * SLIDE_IN_MS));
    await g.guide.reading;
    expect(results).toEqual(['hold-still', 'hold-still', 'hold-still', 'taken']);
    expect([still[2]!.jpeg, still[3]!.jpeg]).toContain(g.read[0]);
  });
});
