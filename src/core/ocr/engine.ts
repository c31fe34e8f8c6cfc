import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Worker as ThreadWorker } from 'node:worker_threads';
import type Tesseract from 'tesseract.js';
import { createConsoleLogger } from '../logger';
import type { Logger } from '../ports';
import { OcrError } from './errors';
import { DEFAULT_OCR_LANGUAGE, languageDataPath } from './languages';
import { prepareForOcr, type PreparedForOcr } from './preprocess';
import { buildResult, type RawLine } from './result';
import type { OcrResult } from './types';

/*
 * Offline OCR: Tesseract (tesseract.js, WebAssembly) on a worker thread that is started on first use
 * and kept warm, since loading the engine and a language costs a few hundred milliseconds and a read
 * of a screen about a second. One read runs at a time; the rest wait their turn. A worker that fails
 * is thrown away and the next read starts a new one.
 *
 * tesseract.js has two ways of killing the host process, both guarded here:
 * - a job that fails inside the worker is re-thrown on the host's event loop unless an
 *   `errorHandler` is given (this is how a failed language download crashes it);
 * - an exception the worker does not catch is an 'error' event on a Worker that tesseract.js never
 *   listens to. The worker therefore runs behind a small wrapper that turns such an exception into
 *   a plain exit, which is seen here as the worker stopping.
 * The language data is always read from an installed package (see languages.ts), so no read ever
 * reaches for the network.
 */

/** How long starting a worker and loading a language may take before it counts as failed. */
const START_TIMEOUT_MS = 30_000;
/** Tesseract's engine mode: the LSTM recogniser only (the data packages hold no legacy model). */
const OEM_LSTM_ONLY = 1;
/*
 * Page segmentation "sparse text": find every run of text without Tesseract's own column layout,
 * which joins a page's text to a dialog drawn over it. Lumen orders the lines itself (reading-order.ts).
 */
const PSM_SPARSE_TEXT = '11';

export interface OcrOptions {
  /** A Tesseract language code whose data package is installed; default "eng". */
  lang?: string;
}

export interface OcrEngineOptions {
  logger?: Logger;
}

type TesseractWorker = Tesseract.Worker & { worker: ThreadWorker };

interface Slot {
  lang: string;
  ready: Promise<TesseractWorker>;
  /** Rejects once the worker has failed: a failed job, an uncaught exception, an exit. */
  broken: Promise<never>;
  thread?: ThreadWorker;
  dead: boolean;
}

function tesseractScriptPath(): string {
  return createRequire(import.meta.url).resolve('tesseract.js/src/worker-script/node/index.js');
}

/**
 * The worker's entry: tesseract.js's own worker script, exiting (not throwing) on what it fails to
 * catch, and with no `fetch`, so that not even a bug could make it reach for the network.
 */
function wrapperUrl(script: string): URL {
  const source =
    `import { createRequire } from 'node:module';\n` +
    `process.on('uncaughtException', () => process.exit(70));\n` +
    `globalThis.fetch = async () => { throw new Error('Lumen reads text offline only'); };\n` +
    `createRequire(${JSON.stringify(pathToFileURL(script).href)})(${JSON.stringify(script)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const workerFailed = (detail: string) =>
  new OcrError(`The text reader stopped unexpectedly (${detail}). Try again.`, 'worker-failed');

export class OcrEngine {
  private slot: Slot | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly logger: Logger;
  readonly stats = { workersStarted: 0, reads: 0 };

  constructor(options: OcrEngineOptions = {}) {
    this.logger = options.logger ?? createConsoleLogger();
  }

  /** Reads the text in an image (PNG, JPEG, …). Errors: ImageError for bad images, OcrError otherwise. */
  recognize(image: Uint8Array, options: OcrOptions = {}): Promise<OcrResult> {
    const lang = options.lang ?? DEFAULT_OCR_LANGUAGE;
    const read = this.queue.then(() => this.read(image, lang));
    this.queue = read.catch(() => undefined);
    return read;
  }

  /** Starts the worker and loads the language ahead of the first read. Optional. */
  async warmUp(lang: string = DEFAULT_OCR_LANGUAGE): Promise<void> {
    const ready = this.queue.then(() => this.workerFor(lang, languageDataPath(lang)));
    this.queue = ready.catch(() => undefined);
    await ready;
  }

  /** Ends the worker; the engine starts a new one if used again. */
  async terminate(): Promise<void> {
    const slot = this.slot;
    this.slot = undefined;
    if (slot) await this.discard(slot);
  }

  /** Heap of the worker thread, in bytes (the WebAssembly memory is counted in the process's RSS). */
  async workerHeapUsed(): Promise<number | undefined> {
    const thread = this.slot?.thread;
    if (!thread || this.slot?.dead) return undefined;
    thread.ref();
    try {
      return (await thread.getHeapStatistics()).used_heap_size;
    } finally {
      thread.unref();
    }
  }

  /** Makes the worker stop as a crash would (for tests). */
  async crashForTests(): Promise<void> {
    await this.slot?.thread?.terminate();
  }

  private async read(image: Uint8Array, lang: string): Promise<OcrResult> {
    const dataPath = languageDataPath(lang);
    const prepared = await prepareForOcr(image);
    const slot = await this.slotFor(lang, dataPath);
    const worker = await Promise.race([slot.ready, slot.broken]);
    this.stats.reads++;
    slot.thread?.ref();
    try {
      const { data } = await Promise.race([
        worker.recognize(Buffer.from(prepared.image), {}, { blocks: true, text: false }),
        slot.broken
      ]);
      return buildResult(rawLines(data), prepared, lang);
    } catch (error) {
      if (error instanceof OcrError) throw error;
      await this.drop(slot);
      throw workerFailed(describe(error));
    } finally {
      slot.thread?.unref();
    }
  }

  private async workerFor(lang: string, dataPath: string): Promise<TesseractWorker> {
    const slot = await this.slotFor(lang, dataPath);
    return Promise.race([slot.ready, slot.broken]);
  }

  private async slotFor(lang: string, dataPath: string): Promise<Slot> {
    const current = this.slot;
    if (current && !current.dead && current.lang === lang) return current;
    if (current) {
      this.slot = undefined;
      await this.discard(current);
    }
    const slot = this.start(lang, dataPath);
    this.slot = slot;
    slot.broken.catch(() => {
      if (this.slot === slot) void this.drop(slot);
    });
    return slot;
  }

  private start(lang: string, dataPath: string): Slot {
    let fail: (error: Error) => void = () => {};
    const broken = new Promise<never>((_, reject) => (fail = reject));
    broken.catch(() => undefined);
    const slot: Slot = { lang, broken, dead: false, ready: undefined as unknown as Promise<TesseractWorker> };
    this.stats.workersStarted++;
    slot.ready = (async () => {
      const { createWorker } = (await import('tesseract.js')).default;
      const created = createWorker(lang, OEM_LSTM_ONLY, {
        langPath: dataPath,
        gzip: true,
        cacheMethod: 'none',
        workerPath: wrapperUrl(tesseractScriptPath()) as unknown as string,
        logger: () => {},
        errorHandler: (detail: unknown) => fail(workerFailed(String(detail)))
      }) as Promise<TesseractWorker>;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(workerFailed('it did not start in time')), START_TIMEOUT_MS);
      });
      try {
        const worker = await Promise.race([created, broken, timeout]);
        // A stated resolution also keeps Tesseract from printing its estimate on standard output.
        const parameters = { tessedit_pageseg_mode: PSM_SPARSE_TEXT as Tesseract.PSM, user_defined_dpi: '300' };
        await Promise.race([worker.setParameters(parameters), broken]);
        slot.thread = worker.worker;
        worker.worker.on('error', (error) => fail(workerFailed(describe(error))));
        worker.worker.on('exit', (code) => fail(workerFailed(`exit code ${code}`)));
        worker.worker.unref();
        return worker;
      } catch (error) {
        created.then((late) => late.worker.terminate()).catch(() => undefined);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    })();
    slot.ready.catch((error: unknown) => fail(error instanceof Error ? error : workerFailed(describe(error))));
    return slot;
  }

  private async drop(slot: Slot): Promise<void> {
    if (this.slot === slot) this.slot = undefined;
    if (slot.dead) return;
    this.logger.warn('The OCR worker stopped; a new one starts on the next read.');
    await this.discard(slot);
  }

  private async discard(slot: Slot): Promise<void> {
    slot.dead = true;
    const worker = await slot.ready.catch(() => undefined);
    await worker?.worker.terminate().catch(() => undefined);
  }
}

/** Tesseract's lines, with their words, in the order it found them. */
function rawLines(page: Tesseract.Page): RawLine[] {
  const lines: RawLine[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        lines.push({
          words: line.words.map((w) => ({ text: w.text, confidence: w.confidence, bbox: w.bbox }))
        });
      }
    }
  }
  return lines;
}

export type { PreparedForOcr };
