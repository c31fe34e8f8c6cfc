import sharp from 'sharp';
import { checkCapture, prepareImage } from './imaging';
import type { TextRecognizer } from './ocr/recognizer';
import type { Logger } from './ports';
import type { OfflineSpeech } from './speech/offline/offline-speech';

/** Something the first request after start-up would otherwise have to start itself. */
export interface WarmUpStep {
  /** For the log: "text reading", "pictures", "offline voice", "connection". */
  name: string;
  /**
   * Readies it, or does nothing when it is ready: it shares the promise a real request waits on,
   * so a request made meanwhile starts nothing a second time and waits no longer than it would have.
   */
  run(): Promise<unknown>;
}

export interface WarmedStep {
  name: string;
  ok: boolean;
  /** From the warm-up's start to this step's end. */
  readyAfterMs: number;
}

/**
 * What the first describe needs, most costly first: the text-reading workers (the privacy shield
 * reads every picture), the picture code, the offline voice, the connection. `listed` is the start-up
 * request for the list of models, this process's first request to the endpoint: waiting for it is
 * all the connection needs (bench/first-press.ts measures it).
 */
export function firstDescribeSteps(parts: {
  recognizer: TextRecognizer;
  offline: OfflineSpeech;
  listed: Promise<unknown>;
}): WarmUpStep[] {
  return [
    { name: 'text reading', run: () => parts.recognizer.warmUp() },
    { name: 'pictures', run: preparePlainPicture },
    { name: 'offline voice', run: () => parts.offline.prepare() },
    { name: 'connection', run: () => parts.listed }
  ];
}

/**
 * A made-up picture, larger than is sent, through the capture guard and the preparation every
 * picture goes through: the first decoding, scaling and encoding in a process are the slow ones.
 */
async function preparePlainPicture(): Promise<void> {
  const picture = await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#6b8e23' } })
    .jpeg()
    .toBuffer();
  await checkCapture(picture);
  await prepareImage(picture);
}

/**
 * Runs the steps one after another, so the first describe after start-up is no slower than the later
 * ones. Hosts with a window call it once the window is up; every call gets the first call's promise.
 * A step that fails is logged and the next one runs: nothing was asked yet, so nothing is said, and
 * the request that needs it will say what is wrong. Never rejects.
 */
export function warmUpOnce(
  steps: readonly WarmUpStep[],
  logger: Logger,
  now: () => number = () => performance.now()
): () => Promise<WarmedStep[]> {
  let warming: Promise<WarmedStep[]> | undefined;
  return () => (warming ??= runSteps(steps, logger, now));
}

async function runSteps(steps: readonly WarmUpStep[], logger: Logger, now: () => number): Promise<WarmedStep[]> {
  const start = now();
  const warmed: WarmedStep[] = [];
  for (const step of steps) {
    let ok = true;
    try {
      await step.run();
    } catch (error) {
      ok = false;
      logger.warn(`Warming up ${step.name} failed; it starts when first needed.`, { error: String(error) });
    }
    warmed.push({ name: step.name, ok, readyAfterMs: Math.round(now() - start) });
  }
  logger.info('warmed up', Object.fromEntries(warmed.map((w) => [w.name, w.ok ? `${w.readyAfterMs} ms` : 'failed'])));
  return warmed;
}
