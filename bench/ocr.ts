// Offline OCR with warm workers: a full-HD screen's read time, and the workers' memory over many reads.
import { loadavg } from 'node:os';
import { OcrEngine } from '../src/core/ocr/engine';
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
    for (let i = 0; i < RUNS; i++) {
      let start = performance.now();
      result = await engine.recognize(screen.png);
      times.push(performance.now() - start);
      start = performance.now();
      await baseline.recognize(screen.png);
      baselineTimes.push(performance.now() - start);
    }
    const loadAfter = loadavg()[0]!;
    await baseline.terminate();

    const small = await textScreen({ font: 'DejaVu Sans', size: 14, theme: 'light' });
    const sample = async () => ({
      rss: mb(process.memoryUsage().rss),
      workerHeap: mb((await engine.workerHeapUsed()) ?? 0)
    });
    const loopStart = performance.now();
    let early = { rss: 0, workerHeap: 0 };
    for (let i = 1; i <= MEMORY_LATE; i++) {
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
