// Live description of the camera: CPU as a share of one core, and change → remark latency, on the
// generated minute of camera (tests/clips/live-clip.ts).
import { loadavg } from 'node:os';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { createCore, type Core } from '../src/core/app';
import { encodedFrame, type LiveFrame } from '../src/core/live/live-camera';
import { Y4mReader, y4mJpeg, y4mLiveFrame, type Y4mFrame } from '../src/core/live/y4m';
import { createSecretStore, MemoryKeyVault } from '../src/core/secrets';
import { uploadSize } from '../src/shared/image-size';
import { CLIP, CLIP_CHANGES, clipFrames, liveClipFile } from '../tests/clips/live-clip';
import { writeY4m } from '../tests/clips/y4m-writer';
import { startFakeOpenAI, type FakeOpenAI } from '../tests/fakes/openai';
import { openLumen } from './lumen-in-chromium';
import { summarize, type Summary } from './stats';

/** One real-time minute of the clip through core, frames as the window sends them. */
export interface LiveRun {
  fps: number;
  shield: 'on' | 'off';
  framesLookedAt: number;
  picturesSent: number;
  notSentShare: number;
  /** CPU of the whole process (core, text-reading threads, the in-process fake) over the minute. */
  cpuShareOfCore: number;
  /** Change in the clip → remark handed to speech, for each of the five changes. */
  changeToRemarkMs: Summary;
  /** Of that: change → the frame on which the detector decided (sampling and the half-second settle). */
  changeToDecisionMs: Summary;
  /** Of that: the deciding frame handed to core → remark (shield still running, request, speech). */
  decisionToRemarkMs: Summary;
}

/** The window's side in Chromium: the page's main thread while live description samples the camera. */
export interface PageRun {
  what: string;
  fps: number;
  /** Frames core was given each second (the page drops one while the one before is on its way). */
  framesPerSecond: number;
  /** Busy time of the page's main thread (Chromium's TaskDuration) over the measured seconds, live on. */
  mainThreadShare: number;
  /** The same page just before, live off (the window's own background work). */
  idleMainThreadShare: number;
  /** What live description adds: the difference. */
  addedByLive: number;
  seconds: number;
}

export interface LiveBenchResult {
  name: 'live';
  clip: { width: number; height: number; fps: number; seconds: number; changes: number };
  /** The size the window sends a 640×480 camera frame at (frameFrom, 'low' detail). */
  sentFrame: { width: number; height: number };
  runs: LiveRun[];
  /** Looking only (no picture sent): each frame's grey copy and the detector, CPU per clip-minute. */
  looking: Array<{ what: string; fps: number; msPerFrame: Summary; cpuShareOfCore: number }>;
  page: PageRun[];
  loadAverage: { before: number; after: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** A core whose speech is written out; `remark` hears each remark once, as it begins (a remark may come in parts). */
async function benchCore(fake: FakeOpenAI, remark: () => void, now?: () => number): Promise<Core> {
  const begun = new Set<string>();
  return createCore({
    host: 'cli',
    version: 'bench',
    platform: process.platform,
    secrets: createSecretStore(new MemoryKeyVault(), { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL }),
    settingsStore: { read: async () => undefined, write: async () => {} },
    env: { OPENAI_BASE_URL: fake.baseURL },
    write: (said) => {
      if (said.kind !== 'answer' || begun.has(said.id)) return;
      begun.add(said.id);
      remark();
    },
    now
  });
}

/**
 * The clip's frames at `fps`, each with its time, as JPEGs the size the window sends. The camera is not
 * in step with the scene: frames are taken half an interval after each whole second, where the clip's
 * changes happen.
 */
async function windowFrames(fps: number, size: { width: number; height: number }) {
  const reader = await Y4mReader.open(liveClipFile());
  let tick = -2;
  const frames: Array<{ timeMs: number; jpeg: Uint8Array }> = [];
  try {
    for await (const frame of reader.frames((_, timeMs) => {
      const step = Math.floor((timeMs * fps) / 1000 - 0.5 + 1e-6);
      if (step <= tick) return false;
      tick = step;
      return true;
    })) {
      const jpeg = await sharp(await y4mJpeg(frame))
        .resize(size.width, size.height, { fit: 'fill' })
        .jpeg({ quality: 92 })
        .toBuffer();
      frames.push({ timeMs: frame.timeMs, jpeg: new Uint8Array(jpeg) });
    }
  } finally {
    await reader.close();
  }
  return frames;
}

/**
 * The clip played in real time: a frame every 1/fps seconds, dropped (as the window drops it) while
 * the one before is still being looked at, the clock core's own.
 */
async function realTimeRun(
  fake: FakeOpenAI,
  fps: number,
  shield: 'on' | 'off',
  frames: Array<{ timeMs: number; jpeg: Uint8Array }>
): Promise<LiveRun> {
  const remarks: number[] = [];
  const core = await benchCore(fake, () => remarks.push(performance.now()));
  await core.router.invoke('secrets.setKey', { key: fake.apiKey });
  await core.router.invoke('settings.update', { live: { framesPerSecond: fps }, privacy: { shield } });
  await core.live.start();
  const decisions: Array<{ clipMs: number; handedAt: number }> = [];
  let busy: Promise<unknown> | undefined;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const { timeMs, jpeg } of frames) {
    await sleep(start + timeMs - performance.now());
    if (busy) continue;
    const handedAt = performance.now();
    busy = core.live.frame(encodedFrame(jpeg)).then((result) => {
      if (result === 'changed') decisions.push({ clipMs: timeMs, handedAt });
      busy = undefined;
    });
  }
  await busy;
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const { frames: looked, pictures } = core.live.status();
  core.live.stop();
  await core.close();
  // The first remark is the first view; one per change follows.
  const changeRemarks = remarks.slice(1);
  if (decisions.length !== CLIP_CHANGES.length || changeRemarks.length !== CLIP_CHANGES.length) {
    throw new Error(
      `Expected ${CLIP_CHANGES.length} changes, got ${decisions.length} and ${changeRemarks.length} remarks.`
    );
  }
  return {
    fps,
    shield,
    framesLookedAt: looked,
    picturesSent: pictures,
    notSentShare: round((looked - pictures) / looked),
    cpuShareOfCore: round((used.user + used.system) / 1000 / wallMs),
    changeToRemarkMs: summarize(CLIP_CHANGES.map((c, i) => changeRemarks[i]! - start - c.at * 1000)),
    changeToDecisionMs: summarize(CLIP_CHANGES.map((c, i) => decisions[i]!.clipMs - c.at * 1000)),
    decisionToRemarkMs: summarize(decisions.map((d, i) => changeRemarks[i]! - d.handedAt))
  };
}

/** Frames through core's looking alone (nothing sent), as fast as they go, on the clip's clock. */
async function lookingOnly(
  fake: FakeOpenAI,
  what: string,
  fps: number,
  frames: Array<{ timeMs: number; frame: LiveFrame }>,
  clipMs: number
) {
  let clock = 0;
  const core = await benchCore(
    fake,
    () => {},
    () => clock
  );
  await core.live.start({ describe: false });
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (const { timeMs, frame } of frames) {
    clock = timeMs;
    const start = performance.now();
    await core.live.frame(frame);
    times.push(performance.now() - start);
  }
  const used = process.cpuUsage(cpu);
  core.live.stop();
  await core.close();
  return {
    what,
    fps,
    msPerFrame: summarize(times),
    cpuShareOfCore: round((used.user + used.system) / 1000 / clipMs, 4)
  };
}

/** 4K frames made from the clip's frames at `indices` (each pixel of it 6 × 4.5 times). */
function fourKFrames(indices: number[]): Y4mFrame[] {
  const width = 3840;
  const height = 2160;
  const make = clipFrames();
  const header = { width, height, fps: 4, chroma: '420' as const, fullRange: false };
  return indices.map((clipIndex, n) => {
    const source = make(clipIndex);
    const y = new Uint8Array(width * height);
    const u = new Uint8Array((width / 2) * (height / 2));
    const v = new Uint8Array(u.length);
    for (let row = 0; row < height; row++) {
      const sy = Math.floor((row * CLIP.height) / height);
      for (let x = 0; x < width; x++)
        y[row * width + x] = source.y[sy * CLIP.width + Math.floor((x * CLIP.width) / width)]!;
    }
    for (let row = 0; row < height / 2; row++) {
      const sy = Math.floor((row * CLIP.height) / height);
      for (let x = 0; x < width / 2; x++) {
        const c = sy * (CLIP.width / 2) + Math.floor((x * CLIP.width) / width);
        u[row * (width / 2) + x] = source.u[c]!;
        v[row * (width / 2) + x] = source.v[c]!;
      }
    }
    return { index: n, timeMs: n * 250, header, y, u, v };
  });
}

export async function benchLive(): Promise<LiveBenchResult> {
  const fake = await startFakeOpenAI();
  const before = round(loadavg()[0]!, 2);
  try {
    const sent = uploadSize(CLIP.width, CLIP.height, 'low');
    const clipMs = CLIP.seconds * 1000;
    const at2 = await windowFrames(2, sent);
    const at4 = await windowFrames(4, sent);
    const runs = [
      await realTimeRun(fake, 2, 'on', at2),
      await realTimeRun(fake, 4, 'on', at4),
      await realTimeRun(fake, 4, 'off', at4)
    ];

    // A 4K camera: the window sends it at the same small size ('low' detail), so core's cost is that of
    // a frame of that size; a 4K Y4M file (the command line) is read from its full-size brightness plane.
    const sent4k = uploadSize(3840, 2160, 'low');
    const small4k = await windowFrames(4, sent4k);
    const big = fourKFrames([0, 75, 150, 225, 300, 375, 450, 525]);
    // Ten frames of the opening view: the same scene, its noise changing.
    const fourKStill = fourKFrames([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const looking = [
      await lookingOnly(fake, `640×480 camera, sent as ${sent.width}×${sent.height} JPEG`, 2, wrap(at2), clipMs),
      await lookingOnly(fake, `4K camera, sent as ${sent4k.width}×${sent4k.height} JPEG`, 4, wrap(small4k), clipMs),
      await lookingOnly(
        fake,
        '4K Y4M frames (3840×2160, the command line)',
        4,
        Array.from({ length: 240 }, (_, i) => ({ timeMs: i * 250, frame: y4mLiveFrame(big[i % big.length]!) })),
        clipMs
      )
    ];
    // Named after the clip it is made from, so the clip's clean-up takes it too.
    const still4k = liveClipFile().replace(/\.y4m$/, '-4k-still.y4m');
    writeY4m(still4k, { width: 3840, height: 2160, fps: 10, frames: 10 }, (i) => fourKStill[i]!);
    const page = [
      await pageRun(fake, '640×480 camera (the clip)', liveClipFile(), 2),
      await pageRun(fake, '4K camera (a still scene with noise)', still4k, 4),
      // As before the worker, and as in a browser without MediaStreamTrackProcessor: drawn on the page.
      await pageRun(fake, '4K camera, frames drawn on the page', still4k, 4, async (page) => {
        await page.addInitScript(
          () => delete (window as { MediaStreamTrackProcessor?: unknown }).MediaStreamTrackProcessor
        );
      })
    ];
    return {
      name: 'live',
      clip: { ...CLIP, changes: CLIP_CHANGES.length },
      sentFrame: { width: sent.width, height: sent.height },
      runs,
      looking,
      page,
      loadAverage: { before, after: round(loadavg()[0]!, 2) }
    };
  } finally {
    await fake.close();
  }
}

const MEASURED_SECONDS = 20;

/**
 * Live description in headless Chromium with `camera` as the fake camera: the page's main thread is
 * watched for MEASURED_SECONDS with live off, then as long again once the first view is described.
 */
async function pageRun(
  fake: FakeOpenAI,
  what: string,
  camera: string,
  fps: number,
  prepare?: (page: Page) => Promise<void>
): Promise<PageRun> {
  const lumen = await openLumen(fake, prepare, [`--use-file-for-fake-video-capture=${camera}`]);
  try {
    const { page } = lumen;
    await page.evaluate(
      (framesPerSecond) =>
        window.lumen.settings.update({ speech: { provider: 'screen-reader' }, live: { framesPerSecond } }),
      fps
    );
    await page.evaluate(() => {
      const w = window as unknown as { liveFrames: number };
      w.liveFrames = 0;
      window.lumen.on('live.state', (state) => (w.liveFrames = state.frames));
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const busy = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
    const frames = () => page.evaluate(() => (window as unknown as { liveFrames: number }).liveFrames);
    /** The main thread's busy share, and frames given to core each second, over the measured seconds. */
    const measure = async () => {
      const [busy0, frames0, start] = [await busy(), await frames(), performance.now()];
      await sleep(MEASURED_SECONDS * 1000);
      const seconds = (performance.now() - start) / 1000;
      return { share: ((await busy()) - busy0) / seconds, fps: ((await frames()) - frames0) / seconds, seconds };
    };
    const idle = await measure();
    await page.getByRole('button', { name: 'Start live description' }).click();
    await page
      .getByTestId('live-status')
      .getByText(/1 picture sent/)
      .waitFor({ timeout: 60_000 });
    const live = await measure();
    await page.getByRole('button', { name: 'Stop live description' }).click();
    return {
      what,
      fps,
      framesPerSecond: round(live.fps, 2),
      mainThreadShare: round(live.share),
      idleMainThreadShare: round(idle.share),
      addedByLive: round(live.share - idle.share),
      seconds: round(live.seconds, 1)
    };
  } finally {
    await lumen.close();
  }
}

const wrap = (frames: Array<{ timeMs: number; jpeg: Uint8Array }>) =>
  frames.map(({ timeMs, jpeg }) => ({ timeMs, frame: encodedFrame(jpeg) }));
