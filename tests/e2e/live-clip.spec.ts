import type { Page } from '@playwright/test';
import { CLIP, CLIP_CHANGES, CLIP_FRAMES, FRAME_COUNTER, liveClipFile, readFrameCounter } from '../clips/live-clip';
import type { Rgb } from '../clips/y4m-writer';
import type { LiveStatus } from '../../src/shared/contract';
import { expect, pageInOwnBrowser, test } from './fixtures';

/*
 * Live description in Chromium with the generated minute of camera as the fake camera
 * (tests/clips/live-clip.ts): five scripted changes among noise and drifting light, described by the
 * fake service from the pixels. Times are the clip's own: the page reads each camera frame's number
 * from the clip's counter strip as the frame arrives, so a remark is placed on the clip's timeline
 * however late Chromium started the file or however slowly the loaded machine plays it.
 */

interface Seen {
  at: number;
  cells: Rgb[];
}
interface Said {
  at: number;
  text: string;
}

const clipTest = test.extend({
  // eslint-disable-next-line no-empty-pattern
  page: async ({}, use) =>
    pageInOwnBrowser([`--use-file-for-fake-video-capture=${liveClipFile()}`], async (page) => {
      await watchCameraFrames(page);
      await use(page);
    })
});

/** From the page's start: every camera frame the page opens is read for its counter cells as it arrives. */
async function watchCameraFrames(page: Page) {
  await page.addInitScript(
    ({ counter, clip }) => {
      const w = window as unknown as { cameraFrames: Seen[] };
      w.cameraFrames = [];
      const media = navigator.mediaDevices;
      const open = media.getUserMedia.bind(media);
      media.getUserMedia = async (constraints) => {
        const stream = await open(constraints);
        const track = stream.getVideoTracks()[0];
        if (track) void read(track);
        return stream;
      };
      // A second reader of the app's own camera track: it sees the frames the app samples from.
      async function read(track: MediaStreamTrack) {
        const Processor = (window as any).MediaStreamTrackProcessor;
        const frames = new Processor({ track }).readable.getReader() as ReadableStreamDefaultReader<VideoFrame>;
        const canvas = new OffscreenCanvas(clip.width, counter.height);
        const context = canvas.getContext('2d', { willReadFrequently: true })!;
        for (;;) {
          const { value: frame, done } = await frames.read();
          if (done) return;
          const at = performance.now();
          const scale = frame.displayHeight / clip.height;
          context.drawImage(
            frame,
            0,
            counter.top * scale,
            frame.displayWidth,
            counter.height * scale,
            0,
            0,
            clip.width,
            counter.height
          );
          frame.close();
          const cells: Rgb[] = [];
          for (let bit = 0; bit < counter.bits; bit++) {
            const x = bit * counter.cellWidth + counter.cellWidth / 2;
            const [r, g, b] = context.getImageData(x, counter.height / 2, 1, 1).data;
            cells.push([r!, g!, b!]);
          }
          w.cameraFrames.push({ at, cells });
        }
      }
    },
    { counter: FRAME_COUNTER, clip: { width: CLIP.width, height: CLIP.height } }
  );
}

/** The camera frames the page has seen so far, each with its number in the clip. */
async function cameraFrames(page: Page) {
  const seen = await page.evaluate(() => (window as unknown as { cameraFrames: Seen[] }).cameraFrames);
  return seen.map(({ at, cells }) => ({
    at,
    index: readFrameCounter((x) => cells[Math.floor(x / FRAME_COUNTER.cellWidth)]!)
  }));
}

clipTest(
  'live description of a minute of camera: one remark per change, soon after it, none for noise or light, few pictures sent, and the cost shown',
  async ({ app, fake, lumen }) => {
    clipTest.setTimeout(240_000);
    // The privacy shield reads every picture offline before it leaves, which on a busy shared machine
    // takes from a fraction of a second to several: the time recorded here is live description’s own
    // (sampling, settling, the window's frames, core, speech). bench/live.ts measures it with the shield on.
    expect((await app.evaluate((key) => window.lumen.secrets.setKey({ key }), fake.apiKey)).ok).toBe(true);
    expect(
      (
        await app.evaluate(() =>
          window.lumen.settings.update({
            speech: { provider: 'screen-reader' },
            live: { framesPerSecond: 4 },
            privacy: { shield: 'off' }
          })
        )
      ).ok
    ).toBe(true);
    // What is said, as the screen-reader log receives it, and every live status, each with the page's time.
    await app.evaluate(() => {
      const w = window as unknown as { said: Said[]; states: LiveStatus[] };
      w.said = [];
      w.states = [];
      const log = document.querySelector('[data-testid="speech-log"]')!;
      new MutationObserver((records) => {
        for (const node of records.flatMap((r) => [...r.addedNodes])) {
          w.said.push({ at: performance.now(), text: node.textContent ?? '' });
        }
      }).observe(log, { childList: true });
      window.lumen.on('live.state', (state) => w.states.push(state));
    });

    // Started as a user would, once Lumen is up: its warm-up (text reading's workers) is done.
    await expect.poll(() => lumen.output(), { timeout: 60_000 }).toContain('warmed up');
    await app.getByRole('button', { name: 'Start live description' }).click();
    // The clip plays to its last second; it is stopped before Chromium loops it back to the start.
    await expect
      .poll(async () => (await cameraFrames(app)).at(-1)?.index ?? -1, { timeout: 120_000, intervals: [250] })
      .toBeGreaterThanOrEqual(CLIP_FRAMES - 25);
    const shown = await app.getByTestId('live-status').textContent();
    await app.getByRole('button', { name: 'Stop live description' }).click();
    await expect(app.getByTestId('status-log')).toContainText('Live description off; the camera is no longer in use.');

    const frames = await cameraFrames(app);
    // The frames came in order from the clip's start, none from a second time round.
    expect(frames[0]!.index).toBeLessThan(10);
    expect(frames.every((f, i) => i === 0 || f.index >= frames[i - 1]!.index)).toBe(true);
    /** Where the clip was, in seconds, at a moment of the page's clock. */
    const clipSecondsAt = (at: number) => {
      const last = frames.filter((f) => f.at <= at).at(-1)!;
      return last.index / CLIP.fps + Math.min(at - last.at, 1000 / CLIP.fps) / 1000;
    };

    const { said, states } = await app.evaluate(() => {
      const w = window as unknown as { said: Said[]; states: LiveStatus[] };
      return { said: w.said, states: w.states };
    });
    const remarks = said.filter((s) => /^A \d+×\d+ image/.test(s.text));
    const timeline = remarks.map((r) => `${clipSecondsAt(r.at).toFixed(2)} s: ${r.text}`);
    clipTest.info().annotations.push({ type: 'remarks in clip time', description: timeline.join(' | ') });
    // The first view, then one remark for each change, none for the noise or the light.
    expect(remarks, timeline.join('\n')).toHaveLength(1 + CLIP_CHANGES.length);
    // Each remark belongs to its change: after it, before the next one. How soon after (the goal is
    // 1.5 s) is a speed, measured by `npm run bench -- live` on a quiet machine; here it is recorded.
    const delays = CLIP_CHANGES.map((change, i) => {
      const remark = remarks[i + 1]!;
      const at = clipSecondsAt(remark.at);
      expect(at, timeline.join('\n')).toBeGreaterThan(change.at);
      expect(at, timeline.join('\n')).toBeLessThan(CLIP_CHANGES[i + 1]?.at ?? CLIP.seconds);
      expect(remark.text).toContain(change.colour);
      return (at - change.at).toFixed(2);
    });
    clipTest.info().annotations.push({ type: 'seconds from change to remark', description: delays.join(', ') });

    // Few pictures: one per remark at the fake, and at least 95 % of the frames looked at kept here.
    const chats = fake.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(chats).toHaveLength(1 + CLIP_CHANGES.length);
    const last = states.filter((s) => s.running).at(-1)!;
    expect(last.pictures).toBe(1 + CLIP_CHANGES.length);
    expect(last.frames).toBeGreaterThan(150);
    expect((last.frames - last.pictures) / last.frames).toBeGreaterThanOrEqual(0.95);
    // The page showed what it cost, per minute too.
    expect(last.costPerMinute).toBeGreaterThan(0);
    expect(shown).toMatch(
      /^Live description is on: 6 pictures sent of \d+ looked at, (less than a cent|\$\d+\.\d\d) so far, (less than a cent|\$\d+\.\d\d) a minute\.$/
    );
  }
);
