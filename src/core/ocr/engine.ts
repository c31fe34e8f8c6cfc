import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Worker as ThreadWorker } from 'node:worker_threads';
import type Tesseract from 'tesseract.js';
import { createConsoleLogger } from '../logger';
import type { Logger } from '../ports';
import { unpackedPath } from '../util/unpacked-path';
import { OcrError } from './errors';
import { DEFAULT_OCR_LANGUAGE, languageDataPath } from './languages';
import { bandsBetween, textBlocks, textPieces, type Band, type Block, type Piece } from './bands';
import { PieceMemory, pieceOf, shifted } from './piece-memory';
import { ocrPoolSize } from './pool-size';
import { practicePage } from './practice';
import { BAND_PADDING, bandImage, prepareForOcr, type PreparedForOcr } from './preprocess';
import { buildResult, linesFromTsv, type RawLine } from './result';
import type { OcrResult } from './types';

/*
 * Offline OCR: Tesseract (tesseract.js, WebAssembly) on worker threads that are started ahead of the
 * first read (warmUp) or on it, and kept warm, since loading the engine and a language costs a few
 * hundred milliseconds and a read of a screen a second or two of one core. The pool is sized to the
 * machine (pool-size.ts). Tesseract itself uses one core, so a page is cut into
 * horizontal bands at blank rows (bands.ts), shared among the workers, read in parallel and put back together
 * before Lumen orders the lines (reading-order.ts) as for a page read whole. One read runs at a time;
 * the rest wait their turn. A worker that fails is thrown away and the next read starts a new one.
 * Blocks of a page read lately are remembered by their pixels (piece-memory.ts), in memory only: a
 * screen read again is read only where it changed.
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
  /**
   * Worker threads that read one page together, each a band of it. Default: sized to the machine
   * (pool-size.ts). Each holds its own engine and language data (tens of MB).
   */
  workers?: number;
}

/** Blank rows between pieces stacked to be read together: more than any gap inside a line. */
const STACK_GAP = 32;

/**
 * A page is cut into at least this many bands whatever the pool's size, a worker reading its share
 * in turn, so a page reads the same on a machine with one worker as with two.
 */
const MIN_BANDS = 2;

type TesseractWorker = Tesseract.Worker & { worker: ThreadWorker };

interface Slot {
  lang: string;
  ready: Promise<TesseractWorker>;
  /** Rejects once the worker has failed: a failed job, an uncaught exception, an exit. */
  broken: Promise<never>;
  thread?: ThreadWorker;
  /** Jobs using the thread now (see held). */
  jobs: number;
  dead: boolean;
}

/**
 * Keeps the process alive while `work` uses the slot's thread (an idle pool does not). ref() is not
 * counted, so the slot counts its jobs: the last to end lets go, not the first.
 */
async function held<T>(slot: Slot, work: () => Promise<T>): Promise<T> {
  if (slot.jobs++ === 0) slot.thread?.ref();
  try {
    return await work();
  } finally {
    if (--slot.jobs === 0) slot.thread?.unref();
  }
}

function tesseractScriptPath(): string {
  return unpackedPath(createRequire(import.meta.url).resolve('tesseract.js/src/worker-script/node/index.js'));
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
  /** The pool, all for one language; a place is empty until its worker is started, or after it failed. */
  private slots: (Slot | undefined)[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  /** Reads waiting for their turn. */
  private waiting = 0;
  private readonly logger: Logger;
  /** Workers that read a page together. */
  readonly poolSize: number;
  /**
   * Counts: workers started, reads done, bands read (practice included), blocks of pages not read
   * again and blocks read (piece-memory.ts), practice pages read by workers the warm-up started.
   */
  readonly stats = { workersStarted: 0, reads: 0, bands: 0, piecesRecalled: 0, piecesRead: 0, practised: 0 };
  private readonly memory = new PieceMemory();

  constructor(options: OcrEngineOptions = {}) {
    this.logger = options.logger ?? createConsoleLogger();
    const wanted = options.workers ?? ocrPoolSize(availableParallelism());
    this.poolSize = Math.max(1, Math.floor(wanted));
  }

  /** Reads the text in an image (PNG, JPEG, …). Errors: ImageError for bad images, OcrError otherwise. */
  recognize(image: Uint8Array, options: OcrOptions = {}): Promise<OcrResult> {
    const lang = options.lang ?? DEFAULT_OCR_LANGUAGE;
    this.waiting++;
    const read = this.queue.then(() => {
      this.waiting--;
      return this.read(image, lang);
    });
    this.queue = read.catch(() => undefined);
    return read;
  }

  /**
   * Starts the workers and loads the language ahead of the first read; the workers it starts then
   * read a practice page together (practice.ts), so the user's first page is read at full pace,
   * unless a read is already waiting (it would wait longer for the practice than it gains). It takes
   * its turn like a read, so a read asked meanwhile waits for these workers instead of starting its
   * own, and a pool already started for the language starts nothing. Optional.
   */
  async warmUp(lang: string = DEFAULT_OCR_LANGUAGE): Promise<void> {
    const ready = this.queue.then(async () => {
      const started = this.stats.workersStarted;
      const slots = await this.slotsFor(lang, languageDataPath(lang));
      await Promise.all(slots.map((slot) => Promise.race([slot.ready, slot.broken])));
      if (this.stats.workersStarted > started && !this.waiting) await this.practise(slots, lang);
    });
    this.queue = ready.catch(() => undefined);
    await ready;
  }

  /** Resolves once no read is running or waiting its turn. */
  async idle(): Promise<void> {
    let last: Promise<unknown>;
    do {
      last = this.queue;
      await last;
    } while (last !== this.queue);
  }

  /** Ends the workers; the engine starts new ones if used again. */
  async terminate(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((slot) => slot && this.discard(slot)));
  }

  /** Heap of the worker threads together, in bytes (their WebAssembly memory is counted in the process's RSS). */
  async workerHeapUsed(): Promise<number | undefined> {
    const slots = this.live().filter((slot) => slot.thread);
    if (!slots.length) return undefined;
    const heaps = await Promise.all(
      slots.map((slot) => held(slot, async () => (await slot.thread!.getHeapStatistics()).used_heap_size))
    );
    return heaps.reduce((a, b) => a + b, 0);
  }

  /** Makes the workers stop as a crash would (for tests). */
  async crashForTests(): Promise<void> {
    await Promise.all(this.live().map((slot) => slot.thread?.terminate()));
  }

  private live(): Slot[] {
    return this.slots.filter((slot): slot is Slot => slot !== undefined && !slot.dead);
  }

  private async read(image: Uint8Array, lang: string): Promise<OcrResult> {
    const dataPath = languageDataPath(lang);
    // Workers not yet running start while the image is prepared.
    const slots = await this.slotsFor(lang, dataPath);
    const prepared = await prepareForOcr(image);
    this.stats.reads++;
    const pieces = textPieces(prepared.grey, prepared.width, prepared.height, prepared.background);
    const blocks = textBlocks(prepared.grey, prepared.width, pieces, prepared.background);
    const keys = blocks.map((block) => this.memory.key(prepared, block, lang));
    const recalled = blocks.map((block, i) => this.memory.recall(keys[i]!, block));
    const missing = blocks.filter((_, i) => !recalled[i]);
    this.stats.piecesRecalled += blocks.length - missing.length;
    this.stats.piecesRead += missing.length;
    let fresh: RawLine[] = [];
    if (missing.length === blocks.length) fresh = await this.readBands(slots, prepared, pieces);
    else if (missing.length) fresh = await this.readBlocks(slots, prepared, pieces, missing);
    this.memory.keep(
      fresh,
      missing,
      blocks.flatMap((_, i) => (recalled[i] ? [] : [keys[i]!]))
    );
    return buildResult([...recalled.flatMap((lines) => lines ?? []), ...fresh], prepared, lang);
  }

  /** The image cut into bands between its pieces, one per worker, read in parallel; lines in the image's coordinates. */
  private async readBands(slots: Slot[], prepared: PreparedForOcr, pieces: readonly Piece[]): Promise<RawLine[]> {
    const bands = bandsBetween(pieces, prepared.height, Math.max(MIN_BANDS, slots.length));
    this.stats.bands += bands.length;
    const parts = await Promise.allSettled(
      bands.map((band, i) => this.readBand(slots[i % slots.length]!, prepared, band))
    );
    const failed = parts.find((part) => part.status === 'rejected');
    if (failed) throw failed.reason;
    return parts.flatMap((part) => (part.status === 'fulfilled' ? part.value : []));
  }

  /**
   * Only these blocks of the page read, as one image: the pieces that hold them stacked one under
   * another with blank rows between, each showing only these blocks, at their own place across.
   */
  private async readBlocks(
    slots: Slot[],
    prepared: PreparedForOcr,
    pieces: readonly Piece[],
    blocks: readonly Block[]
  ): Promise<RawLine[]> {
    const { grey, width } = prepared;
    const shown = [...new Set(blocks.map((block) => block.piece))].sort((a, b) => a - b);
    const places: Piece[] = [];
    let height = STACK_GAP;
    for (const at of shown) {
      const piece = pieces[at]!;
      places.push({ top: height, bottom: height + piece.bottom - piece.top, cost: piece.cost });
      height += piece.bottom - piece.top + STACK_GAP;
    }
    const stack = new Uint8Array(width * height).fill(prepared.background);
    for (const block of blocks) {
      const dy = places[shown.indexOf(block.piece)]!.top - pieces[block.piece]!.top;
      for (let y = block.top; y < block.bottom; y++)
        stack.set(grey.subarray(y * width + block.left, y * width + block.right), (y + dy) * width + block.left);
    }
    const lines = await this.readBands(slots, { ...prepared, grey: stack, height }, places);
    return lines.flatMap((line) => {
      const at = pieceOf(line, places);
      return at < 0 ? [] : shifted([line], 0, pieces[shown[at]!]!.top - places[at]!.top);
    });
  }

  /** Forgets what recent pages said (for "forget everything"). */
  forget(): void {
    this.memory.forget();
  }

  /** One band's lines, in the coordinates of the whole prepared image. */
  private async readBand(slot: Slot, prepared: PreparedForOcr, band: Band): Promise<RawLine[]> {
    const worker = await Promise.race([slot.ready, slot.broken]);
    try {
      const { data } = await held(slot, () =>
        Promise.race([
          worker.recognize(Buffer.from(bandImage(prepared, band)), {}, { tsv: true, text: false }),
          slot.broken
        ])
      );
      return linesFromTsv(data.tsv ?? '', band.top > 0 ? band.top - BAND_PADDING : 0);
    } catch (error) {
      if (error instanceof OcrError) throw error;
      await this.drop(slot);
      throw workerFailed(describe(error));
    }
  }

  /** The practice page read as a page is: prepared, cut into bands, read, put together. */
  private async practise(slots: Slot[], lang: string): Promise<void> {
    const prepared = await prepareForOcr(await practicePage());
    const pieces = textPieces(prepared.grey, prepared.width, prepared.height, prepared.background);
    buildResult(await this.readBands(slots, prepared, pieces), prepared, lang);
    this.stats.practised++;
  }

  /** The pool for `lang`, with a worker started in every empty place. */
  private async slotsFor(lang: string, dataPath: string): Promise<Slot[]> {
    const other = this.slots.filter((slot) => slot && slot.lang !== lang);
    if (other.length) {
      this.slots = this.slots.map((slot) => (slot && slot.lang === lang ? slot : undefined));
      await Promise.all(other.map((slot) => slot && this.discard(slot)));
    }
    for (let i = 0; i < this.poolSize; i++) {
      const current = this.slots[i];
      if (current && !current.dead) continue;
      const slot = this.start(lang, dataPath);
      this.slots[i] = slot;
      slot.broken.catch(() => void this.drop(slot));
    }
    return this.slots.slice(0, this.poolSize) as Slot[];
  }

  private start(lang: string, dataPath: string): Slot {
    let fail: (error: Error) => void = () => {};
    const broken = new Promise<never>((_, reject) => (fail = reject));
    broken.catch(() => undefined);
    const slot: Slot = { lang, broken, dead: false, jobs: 0, ready: undefined as unknown as Promise<TesseractWorker> };
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
    const place = this.slots.indexOf(slot);
    if (place >= 0) this.slots[place] = undefined;
    if (slot.dead) return;
    this.logger.warn('An OCR worker stopped; a new one starts on the next read.');
    await this.discard(slot);
  }

  private async discard(slot: Slot): Promise<void> {
    slot.dead = true;
    const worker = await slot.ready.catch(() => undefined);
    await worker?.worker.terminate().catch(() => undefined);
  }
}

export type { PreparedForOcr };
