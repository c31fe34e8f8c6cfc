// Offline OCR with warm workers: a full-HD screen's read time, and the workers' memory over many reads.
import { loadavg } from 'node:os';
import sharp from 'sharp';
import { OcrEngine } from '../src/core/ocr/engine';
import type { OcrBox } from '../src/core/ocr/types';
import { characterErrorRate } from '../tests/ocr-known-text';
import { desktopScreen, textScreen } from '../tests/unit/core/ocr/screens';
import { summarize, type Summary } from './stats';

const RUNS = 9;
/** Reads before the memory loop's first sample, and in all. */
const MEMORY_EARLY = 10;
const MEMORY_LATE = 200;

export interface OcrBenchResult {
  name: 'ocr';
  runs: number;
  /** Worker threads of the engine measured (the default pool on this machine). */
  workers: number;
  /** Start the workers and load English, once. */
  warmUpMs: number;
  /** Read a generated 1920 × 1080 app screen (menu, sidebar, two columns, 67 lines); target median ≤ 1500 ms. */
  screen1080Ms: Summary;
  /**
   * Baseline in the same run: the same screen read whole by an engine with one worker, as reads were
   * before pages were cut into bands; its reads alternate with the measured engine's.
   */
  screen1080OneWorkerMs: Summary;
  /** The same screen read again: every piece remembered by its pixels, none read. */
  screen1080AgainMs: Summary;
  /** The screen with one line's text changed: only that piece read. */
  screen1080OneLineChangedMs: Summary;
  linesFound: number;
  /** Character error rate on that screen, measured engine and one-worker baseline. */
  characterErrorRate: { measured: number; oneWorker: number };
  /** The machine's 1-minute load average before and after the timed reads (other work shares the cores). */
  loadAverage: { before: number; after: number };
  /**
   * Memory while reading a small (720 × 150, 4-line) screen over and over: the full-HD screen would
   * take minutes for 200 reads on two cores. RSS includes the worker's WebAssembly memory.
   */
  memory: {
    image: string;
    afterEarlyMb: { rss: number; workerHeap: number };
    afterLateMb: { rss: number; workerHeap: number };
    /** RSS after 200 reads over after 10; target ≤ 1.10. */
    rssRatio: number;
    loopMs: number;
  };
}

/** The screen with one line's box painted over and other text written there. */
async function withLineChanged(png: Buffer, box: OcrBox, text: string): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${box.width + 8}" height="${box.height + 8}">` +
    `<rect width="100%" height="100%" fill="#fff"/><text x="4" y="${box.height}" font-family="DejaVu Sans" ` +
    `font-size="${box.height}" fill="#1a1a1a">${text}</text></svg>`;
  return sharp(png)
    .composite([{ input: Buffer.from(svg), left: Math.max(0, box.x - 4), top: Math.max(0, box.y - 4) }])
    .png()
    .toBuffer();
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function benchOcr(): Promise<OcrBenchResult> {
  const engine = new OcrEngine();
  const baseline = new OcrEngine({ workers: 1 });
  try {
    const started = performance.now();
    await engine.warmUp();
    const warmUpMs = Math.round(performance.now() - started);
    await baseline.warmUp();
    const workers = engine.stats.workersStarted;

    const screen = await desktopScreen();
    const expected = screen.lines.join('\n');
    const cer = (lines: { text: string }[]) =>
      Math.round(characterErrorRate(expected, lines.map((l) => l.text).join('\n')) * 10_000) / 10_000;
    let result = await engine.recognize(screen.png);
    const baselineResult = await baseline.recognize(screen.png);
    const times: number[] = [];
    const baselineTimes: number[] = [];
    const loadBefore = loadavg()[0]!;
    // Both engines read from scratch each time: a page read lately would be remembered.
    for (let i = 0; i < RUNS; i++) {
      engine.forget();
      baseline.forget();
      let start = performance.now();
      result = await engine.recognize(screen.png);
      times.push(performance.now() - start);
      start = performance.now();
      await baseline.recognize(screen.png);
      baselineTimes.push(performance.now() - start);
    }
    const loadAfter = loadavg()[0]!;
    await baseline.terminate();

    // The same screen again: everything remembered.
    const againTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await engine.recognize(screen.png);
      againTimes.push(performance.now() - start);
    }
    // One line covered with other text (a new message in a list), after the screen as it was.
    const line = result.lines[Math.floor(result.lines.length / 2)]!.box;
    const oneLineTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const changed = await withLineChanged(screen.png, line, `Now showing item number ${i + 1}`);
      await engine.recognize(screen.png);
      const start = performance.now();
      await engine.recognize(changed);
      oneLineTimes.push(performance.now() - start);
    }

    const small = await textScreen({ font: 'DejaVu Sans', size: 14, theme: 'light' });
    const sample = async () => ({
      rss: mb(process.memoryUsage().rss),
      workerHeap: mb((await engine.workerHeapUsed()) ?? 0)
    });
    const loopStart = performance.now();
    let early = { rss: 0, workerHeap: 0 };
    for (let i = 1; i <= MEMORY_LATE; i++) {
      engine.forget(); // every read works the workers
      await engine.recognize(small.png);
      if (i === MEMORY_EARLY) early = await sample();
    }
    const late = await sample();
    return {
      name: 'ocr',
      runs: RUNS,
      workers,
      warmUpMs,
      screen1080Ms: summarize(times),
      screen1080OneWorkerMs: summarize(baselineTimes),
      screen1080AgainMs: summarize(againTimes),
      screen1080OneLineChangedMs: summarize(oneLineTimes),
      linesFound: result.lines.length,
      characterErrorRate: { measured: cer(result.lines), oneWorker: cer(baselineResult.lines) },
      loadAverage: { before: round2(loadBefore), after: round2(loadAfter) },
      memory: {
        image: `${small.width} × ${small.height} PNG, ${small.lines.length} lines`,
        afterEarlyMb: early,
        afterLateMb: late,
        rssRatio: Math.round((late.rss / early.rss) * 1000) / 1000,
        loopMs: Math.round(performance.now() - loopStart)
      }
    };
  } finally {
    await Promise.all([engine.terminate(), baseline.terminate()]);
  }
}
