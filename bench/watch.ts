// Watching a 1920×1080 window at 2 frames a second: the share of one CPU core it takes while nothing
// changes, and with a change read offline every 10 seconds: two lines changed, or every line.
import sharp from 'sharp';
import type { WatchStatus } from '../src/shared/contract';
import { memoryCore } from '../tests/unit/helpers';
import { screenSvg } from './imaging';
import { summarize, type Summary } from './stats';

const WIDTH = 1920;
const HEIGHT = 1080;
const FPS = 2;
/** 30 s of watching. */
const FRAMES = 60;

export interface WatchRun {
  frames: number;
  changes: number;
  /** CPU time of the whole process (worker threads included) over the watched time: a share of one core. */
  coreShare: number;
  /** CPU time a frame cost, in ms (user + system). */
  cpuMsPerFrame: number;
  /** Time core took to answer each frame, in ms (a change includes reading its text). */
  frameMs: Summary;
}

export interface WatchBenchResult {
  name: 'watch';
  screen: { width: number; height: number; pngBytes: number };
  fps: number;
  seconds: number;
  /** Nothing changes: every frame is decoded, shrunk and compared, and nothing more. */
  still: WatchRun;
  /**
   * Two invoices are marked settled every 10 seconds: each change settles, is read offline (only the
   * changed lines; the rest is recalled), and its new lines are said.
   */
  changing: WatchRun;
  /** Every line changes every 10 seconds (other invoice numbers): the whole window is read each time. */
  changingAll: WatchRun;
}

const png = async (variant: number, settled = 0) =>
  new Uint8Array(
    await sharp(screenSvg(WIDTH, HEIGHT, variant, settled))
      .png()
      .toBuffer()
  );

/** Feeds the frames through a watch on a fresh core, at their own times; measures the process's CPU time. */
async function watchRun(frames: Uint8Array[]): Promise<WatchRun> {
  const clock = { now: 0 };
  const core = await memoryCore({ host: 'cli', now: () => clock.now, write: () => {} });
  try {
    const started = await core.router.invoke('watch.start', {
      area: 'window',
      windowName: 'Invoices',
      describeChanges: false
    });
    if (!started.ok) throw new Error(started.error.message);
    const { id } = started.value as WatchStatus;
    // The text reader's workers start on the first frame (its baseline read): not part of the steady cost.
    clock.now = 0;
    await core.router.invoke('watch.frame', { id, image: frames[0]! });
    const times: number[] = [];
    const before = process.cpuUsage();
    let changes = 0;
    for (const [i, image] of frames.slice(1).entries()) {
      clock.now = ((i + 1) * 1000) / FPS;
      const start = performance.now();
      const seen = await core.router.invoke('watch.frame', { id, image });
      times.push(performance.now() - start);
      if (!seen.ok) throw new Error(seen.error.message);
      if ((seen.value as { result: string }).result === 'changed') changes++;
    }
    const used = process.cpuUsage(before);
    const cpuMs = (used.user + used.system) / 1000;
    const watchedMs = ((frames.length - 1) * 1000) / FPS;
    return {
      frames: frames.length - 1,
      changes,
      coreShare: Math.round((cpuMs / watchedMs) * 1000) / 1000,
      cpuMsPerFrame: Math.round((cpuMs / (frames.length - 1)) * 10) / 10,
      frameMs: summarize(times)
    };
  } finally {
    await core.close();
  }
}

export async function benchWatch(): Promise<WatchBenchResult> {
  const screens = await Promise.all([0, 1, 2].map((variant) => png(variant)));
  const settling = await Promise.all([0, 2, 4].map((settled) => png(0, settled)));
  const still = Array.from({ length: FRAMES + 1 }, () => screens[0]!);
  // A change after 10 s and after 20 s, each read offline.
  const changes = (shown: Uint8Array[]) =>
    Array.from({ length: FRAMES + 1 }, (_, i) => shown[Math.min(2, Math.floor(i / 20))]!);
  return {
    name: 'watch',
    screen: { width: WIDTH, height: HEIGHT, pngBytes: screens[0]!.byteLength },
    fps: FPS,
    seconds: FRAMES / FPS,
    still: await watchRun(still),
    changing: await watchRun(changes(settling)),
    changingAll: await watchRun(changes(screens))
  };
}
