// Reading with the camera (src/core/document/page-guide.ts): the guidance loop's CPU at 4 frames a
// second, and a 1280 × 720 frame from the page being taken to its first line handed to speech, warm.
import { loadavg } from 'node:os';
import { createCore } from '../src/core/app';
import { lookAtFrame, moved, type FrameLook } from '../src/core/document/frame-look';
import { createSecretStore, MemoryKeyVault } from '../src/core/secrets';
import type { TextUtterance } from '../src/shared/contract';
import { LETTER, slideIn, SLIDE_IN_MS, SLIDE_IN_REST } from '../tests/unit/core/document/pages';
import { summarize, type Summary } from './stats';

export interface GuideBenchResult {
  name: 'guide';
  frame: string;
  /** One frame looked at (decode, the page found at 640 across, sharpness, movement), CPU of the whole process. */
  lookCpuMs: Summary;
  /** The mean CPU a frame at 4 frames a second, as a share of one core. */
  cpuShareAt4fps: number;
  /** From the frame that completes the settling (the page taken) to the letter's first line handed to speech. */
  takenToFirstLineMs: Summary;
  loadAverage: { before: number; after: number };
}

const ROUNDS = 3;
const READS = 5;

async function lookCpu(frames: Buffer[]): Promise<number[]> {
  const times: number[] = [];
  let previous: FrameLook | undefined;
  for (let round = 0; round < ROUNDS + 1; round++) {
    for (const frame of frames) {
      const before = process.cpuUsage();
      const look = await lookAtFrame(frame);
      if (previous) moved(previous, look);
      previous = look;
      const used = process.cpuUsage(before);
      // The first round warms libvips and the JIT.
      if (round > 0) times.push((used.user + used.system) / 1000);
    }
  }
  return times;
}

/** The app's own road, on the command line's speech: start, the page at rest, taken, read, first line said. */
async function takenToFirstLine(frames: Buffer[]): Promise<number[]> {
  const clock = { now: 0 };
  let firstLine: (() => void) | undefined;
  const core = await createCore({
    host: 'cli',
    version: 'bench',
    platform: process.platform,
    secrets: createSecretStore(new MemoryKeyVault(), {}),
    settingsStore: { read: async () => undefined, write: async () => {} },
    env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    now: () => clock.now,
    write: ({ text }: TextUtterance) => {
      if (text.startsWith(LETTER[0]!.slice(0, 4))) firstLine?.();
    }
  });
  const rest = frames.slice(SLIDE_IN_REST);
  const times: number[] = [];
  try {
    for (let read = 0; read < READS + 1; read++) {
      await core.router.invoke('document.start', {});
      for (const [i, image] of rest.entries()) {
        clock.now += SLIDE_IN_MS;
        const last = i === rest.length - 1;
        const said = last ? new Promise<void>((resolve) => (firstLine = resolve)) : undefined;
        const start = performance.now();
        const reply = await core.router.invoke('document.frame', { image });
        if (!reply.ok) throw new Error(reply.error.message);
        if (!last) continue;
        if ((reply.value as { result: string }).result !== 'taken') throw new Error('The page at rest was not taken.');
        await said;
        // The first read starts the text reader's workers: warm is what is measured.
        if (read > 0) times.push(performance.now() - start);
      }
      clock.now += 60_000;
    }
  } finally {
    await core.close();
  }
  return times;
}

export async function benchGuide(): Promise<GuideBenchResult> {
  const before = loadavg()[0]!;
  const frames = await slideIn();
  const look = await lookCpu(frames);
  const taken = await takenToFirstLine(frames);
  const lookCpuMs = summarize(look);
  return {
    name: 'guide',
    frame:
      '1280 × 720 JPEG (quality 72) of an A5 letter sliding in from the left and resting (tests/unit/core/document/pages.ts)',
    lookCpuMs,
    cpuShareAt4fps: Math.round(((lookCpuMs.mean * 4) / 1000) * 10_000) / 10_000,
    takenToFirstLineMs: summarize(taken),
    loadAverage: { before: Math.round(before * 100) / 100, after: Math.round(loadavg()[0]! * 100) / 100 }
  };
}
