// Offline OCR with a warm worker: a full-HD screen's read time, and the workers' memory over many reads.
import { OcrEngine } from '../src/core/ocr/engine';
import { desktopScreen, textScreen } from '../tests/unit/core/ocr/screens';
import { summarize, type Summary } from './stats';

const RUNS = 7;
/** Reads before the memory loop's first sample, and in all. */
const MEMORY_EARLY = 10;
const MEMORY_LATE = 200;

export interface OcrBenchResult {
  name: 'ocr';
  runs: number;
  /** Start the worker and load English, once. */
  warmUpMs: number;
  /** Read a generated 1920 × 1080 app screen (menu, sidebar, two columns, 61 lines); target median ≤ 1500 ms. */
  screen1080Ms: Summary;
  linesFound: number;
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

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function benchOcr(): Promise<OcrBenchResult> {
  const engine = new OcrEngine();
  try {
    const started = performance.now();
    await engine.warmUp();
    const warmUpMs = Math.round(performance.now() - started);

    const screen = await desktopScreen();
    let linesFound = (await engine.recognize(screen.png)).lines.length;
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      linesFound = (await engine.recognize(screen.png)).lines.length;
      times.push(performance.now() - start);
    }

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
      warmUpMs,
      screen1080Ms: summarize(times),
      linesFound,
      memory: {
        image: `${small.width} × ${small.height} PNG, ${small.lines.length} lines`,
        afterEarlyMb: early,
        afterLateMb: late,
        rssRatio: Math.round((late.rss / early.rss) * 1000) / 1000,
        loopMs: Math.round(performance.now() - loopStart)
      }
    };
  } finally {
    await engine.terminate();
  }
}
