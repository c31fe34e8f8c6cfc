import type { Worker } from 'node:worker_threads';
import { Resampler } from '../audio/resample';
import { decodeWav } from '../audio/wav';
import { createConsoleLogger } from '../logger';
import type { Logger } from '../ports';
import { createEspeakRunner, ESPEAK_WAV_FILE, type EspeakResult } from './offline/espeak-runner.mts';
import type { WorkerReply, WorkerRequest } from './offline/offline-voice-worker.mts';
import { startEspeakWorker } from './offline/worker-thread';
import { SAMPLE_RATE, VoiceError, type AudioVoice, type SynthesisRequest } from './voice';

/*
 * The offline voice: eSpeak NG compiled to WebAssembly (the `espeak-ng` package, voices built in).
 * It sounds robotic but needs no network, no key and no download, so Lumen can always speak.
 *
 * A run of espeak is synchronous WebAssembly that takes a few hundred milliseconds per sentence, so
 * it runs on a worker thread, where it cannot hold up a "stop" or the host's IPC and WebSocket
 * traffic. One worker serves every offline voice in the process: started on first use, kept warm
 * (the compiled WebAssembly stays in it), given one run at a time from a queue, unref()'d so it
 * never keeps the process alive, and replaced if it dies. If no worker can be started, espeak runs
 * on the calling thread as it always did, so Lumen can still speak. The worker is a file of its own
 * (offline/offline-voice-worker.mts, found by offline/worker-thread.ts).
 */

export const OFFLINE_DEFAULT_VOICE = 'en-us';

/** espeak-ng's speed for rate 1, in words per minute, and the range it accepts. */
const NORMAL_WPM = 175;
const MIN_WPM = 80;
const MAX_WPM = 450;
/** Blocks of about 100 ms, so playback can start and stop at a fine grain. */
const BLOCK_SAMPLES = SAMPLE_RATE / 10;
/** The rate espeak-ng writes its WAV files at. */
const ESPEAK_SAMPLE_RATE = 22_050;
/** How long handing out blocks may hold the thread before it lets other work run. */
const YIELD_AFTER_MS = 8;

export interface OfflineVoiceInfo {
  /** The name to pass as `voice`, e.g. "en-us", "de", "fr-fr". */
  id: string;
  /** espeak's description, e.g. "English (America)". */
  name: string;
  /** Other language tags the voice answers to (lower case), e.g. "en" or "zh", with espeak's priority. */
  languages: { tag: string; priority: number }[];
}

export interface OfflineVoiceOptions {
  /**
   * Told (in words that can be spoken) when a request asks for a voice this engine does not have;
   * the voice then speaks with the default voice instead of failing.
   */
  onWarning?: (message: string) => void;
  /** Where problems with the worker thread are logged; standard error when not given. */
  logger?: Logger;
  /**
   * false runs espeak on the calling thread, blocking it for each sentence (as a last resort, and to
   * compare against). Default true: on the shared worker thread.
   */
  useWorker?: boolean;
}

export const wordsPerMinute = (rate: number): number =>
  Math.round(Math.min(MAX_WPM, Math.max(MIN_WPM, NORMAL_WPM * (Number.isFinite(rate) ? rate : 1))));

/**
 * Text made safe to hand to espeak's command line: control characters become spaces (a NUL would end
 * the text early) and "[[" is broken up, because espeak reads [[…]] as phoneme codes.
 */
export function sanitizeForEspeak(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').replace(/\[\[/g, '[ [');
}

/** Runs espeak-ng on this thread, blocking it for each run: the fallback when no worker can run it. */
const runEspeakHere = createEspeakRunner(() => import('espeak-ng'));

interface Job {
  id: number;
  args: string[];
  /** Runs so far; a run cut short by the worker dying is tried once more, in a new worker. */
  attempts: number;
  /** Set once the caller has its answer (or has given up on it by aborting). */
  settled: boolean;
  settle(result: EspeakResult | Error): void;
}

/** Crashes in a row, without a run finishing in between, after which espeak runs on this thread. */
const MAX_CRASHES = 3;

/**
 * The shared worker and its queue. Only one run is on the worker at a time, and the rest wait here,
 * so a request aborted while it waits is simply taken out: it never runs. A run already on the
 * worker cannot be interrupted (it is synchronous WebAssembly); aborting it answers the caller at
 * once and its result is dropped when it comes.
 */
class EspeakWorker {
  private worker: Worker | undefined;
  private ready = false;
  private current: Job | undefined;
  private readonly queue: Job[] = [];
  private nextId = 1;
  /** Why espeak runs on this thread instead, once workers have proved unusable. */
  private inline: string | undefined;
  private crashes = 0;
  private lastError: unknown;
  private logger: Logger = defaultLogger();
  readonly stats = { workersStarted: 0, runsStarted: 0, runsInline: 0 };

  constructor(private readonly espeakUrl?: string) {}

  run(args: string[], signal?: AbortSignal, logger?: Logger): Promise<EspeakResult> {
    if (signal?.aborted) return Promise.reject(abortError());
    if (logger) this.logger = logger;
    return new Promise<EspeakResult>((resolve, reject) => {
      const onAbort = () => {
        const waiting = this.queue.indexOf(job);
        if (waiting >= 0) this.queue.splice(waiting, 1);
        else if (job === this.current && !this.queue.length) this.worker?.unref();
        job.settle(abortError());
      };
      const job: Job = {
        id: this.nextId++,
        args,
        attempts: 0,
        settled: false,
        settle: (result) => {
          if (job.settled) return;
          job.settled = true;
          signal?.removeEventListener('abort', onAbort);
          if (result instanceof Error) reject(result);
          else resolve(result);
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  /** Ends the worker as a crash would (for tests); resolves once it has gone. */
  async crash(): Promise<void> {
    await this.worker?.terminate();
  }

  /** Ends the worker; what was waiting for it ends as if aborted (for tests). */
  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    for (const job of [this.current, ...this.queue.splice(0)]) job?.settle(abortError());
    this.current = undefined;
    await worker?.terminate();
  }

  private pump(): void {
    if (this.current || !this.queue.length) return;
    const worker = this.inline === undefined ? (this.worker ?? this.start()) : undefined;
    if (!worker) {
      for (const job of this.queue.splice(0)) this.runHere(job);
      return;
    }
    const job = this.queue.shift()!;
    this.current = job;
    job.attempts++;
    this.stats.runsStarted++;
    worker.ref();
    const request: WorkerRequest = { id: job.id, args: job.args };
    worker.postMessage(request);
  }

  private runHere(job: Job): void {
    this.stats.runsStarted++;
    this.stats.runsInline++;
    runEspeakHere(job.args).then(job.settle, (error: unknown) => job.settle(asError(error)));
  }

  private start(): Worker | undefined {
    let worker: Worker;
    try {
      worker = startEspeakWorker(this.espeakUrl);
    } catch (error) {
      this.runInline(`its worker could not be created (${describe(error)})`);
      return undefined;
    }
    this.stats.workersStarted++;
    this.worker = worker;
    this.ready = false;
    this.lastError = undefined;
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.onMessage(worker, reply));
    worker.on('error', (error) => (this.lastError = error));
    worker.on('exit', (code) => this.onExit(worker, code));
    // Designing the 22.05 → 24 kHz filter takes tens of milliseconds of this thread, once; better
    // now, while the worker loads, than between the first sentence's synthesis and its first block.
    setImmediate(() => new Resampler(ESPEAK_SAMPLE_RATE, SAMPLE_RATE));
    return worker;
  }

  private onMessage(worker: Worker, reply: WorkerReply): void {
    if (worker !== this.worker) return;
    if ('ready' in reply) {
      this.ready = true;
      return;
    }
    const job = this.current;
    if (!job || job.id !== reply.id) return;
    this.current = undefined;
    this.crashes = 0;
    if (!this.queue.length) worker.unref();
    job.settle('error' in reply ? new Error(reply.error) : { output: reply.output, wav: reply.wav });
    this.pump();
  }

  private onExit(worker: Worker, code: number): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    const job = this.current;
    this.current = undefined;
    const reason = describe(this.lastError) ?? `exit code ${code}`;
    if (job && !job.settled) {
      if (job.attempts < 2 || !this.ready) this.queue.unshift(job);
      else job.settle(new Error(`The offline voice's worker stopped twice on this text (${reason}).`));
    }
    if (!this.ready) this.runInline(`its worker did not start (${reason})`);
    else if (++this.crashes >= MAX_CRASHES) this.runInline(`its worker stopped ${this.crashes} times (${reason})`);
    else this.logger.warn(`The offline voice's worker stopped (${reason}); starting a new one.`);
    this.ready = false;
    this.pump();
  }

  private runInline(reason: string): void {
    this.inline = reason;
    this.logger.warn(`The offline voice now runs on the main thread, blocking it while it speaks: ${reason}.`);
  }
}

let defaultConsoleLogger: Logger | undefined;
const defaultLogger = () => (defaultConsoleLogger ??= createConsoleLogger());

function describe(reason: unknown): string | undefined {
  if (reason === undefined) return undefined;
  return reason instanceof Error ? reason.message : String(reason);
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

function abortError(): Error {
  const error = new Error('The offline voice was stopped.');
  error.name = 'AbortError';
  return error;
}

let shared = new EspeakWorker();

/** For tests: how the shared worker has been used, and ways to make it misbehave. */
export const offlineWorkerForTests = {
  stats: () => ({ ...shared.stats }),
  /** Kills the worker (as a crash would) and resolves once it is gone. */
  crash: () => shared.crash(),
  /** Starts over: a new (not yet started) shared worker, loading espeak from `espeakUrl` if given. */
  async reset(espeakUrl?: string): Promise<void> {
    await shared.dispose();
    shared = new EspeakWorker(espeakUrl);
    voiceList = undefined;
  }
};

let voiceList: Promise<OfflineVoiceInfo[]> | undefined;

/** The voices built into the offline engine (cached after the first call). */
export function listOfflineVoices(): Promise<OfflineVoiceInfo[]> {
  const list = (voiceList ??= shared.run(['--voices']).then(({ output }) => {
    const voices = parseVoiceList(output);
    if (!voices.length) throw new Error(output.join(' ') || 'espeak-ng listed no voices');
    return voices;
  }));
  list.catch(() => {
    if (voiceList === list) voiceList = undefined;
  });
  return list;
}

/**
 * Starts the worker, compiles the engine and reads its voice list ahead of time (a few hundred
 * milliseconds, once per process, off the calling thread), so the first sentence is not the slow
 * one. Optional; failures show up on first use.
 */
export async function prepareOfflineVoice(): Promise<void> {
  await listOfflineVoices().catch(() => undefined);
}

/** Reads `espeak-ng --voices`: "Pty Language Age/Gender VoiceName File Other Languages". */
export function parseVoiceList(lines: string[]): OfflineVoiceInfo[] {
  const voices = new Map<string, OfflineVoiceInfo>();
  for (const line of lines) {
    const match = /^\s*\d+\s+(\S+)\s+\S+\s+(\S+)\s+\S+\s*(.*)$/.exec(line);
    if (!match) continue;
    const id = match[1]!.toLowerCase();
    if (voices.has(id)) continue;
    const languages = [...match[3]!.matchAll(/\((\S+)\s+(\d+)\)/g)].map((m) => ({
      tag: m[1]!.toLowerCase(),
      priority: Number(m[2])
    }));
    voices.set(id, { id, name: match[2]!.replace(/_/g, ' '), languages });
  }
  return [...voices.values()];
}

/**
 * Which espeak voice speaks a request: the named voice if there is one ("fr-fr", or a language espeak
 * knows such as "fr"), else the best match for the language ("de-AT" → "de"), else the default.
 * Naming a voice that does not exist gives a warning.
 */
export function chooseOfflineVoice(
  voices: OfflineVoiceInfo[],
  request: { voice?: string; language?: string }
): { id: string; warning?: string } {
  const byId = (id: string) => voices.find((v) => v.id === id);
  const wanted = request.voice?.trim().toLowerCase();
  if (wanted) {
    const named = byId(wanted) ?? bestForLanguage(voices, wanted);
    if (named) return { id: named.id };
    return {
      id: chooseOfflineVoice(voices, { language: request.language }).id,
      warning: `The offline voice has no "${request.voice!.trim()}" voice; using the default.`
    };
  }
  const subtags = request.language?.trim().toLowerCase().replace(/_/g, '-').split('-') ?? [];
  for (let n = subtags.length; n > 0; n--) {
    const tag = subtags.slice(0, n).join('-');
    const match = byId(tag) ?? bestForLanguage(voices, tag);
    if (match) return { id: match.id };
  }
  return { id: OFFLINE_DEFAULT_VOICE };
}

/** The voice espeak ranks first for a language tag (lowest priority number); the default wins ties. */
function bestForLanguage(voices: OfflineVoiceInfo[], tag: string): OfflineVoiceInfo | undefined {
  let best: { voice: OfflineVoiceInfo; priority: number } | undefined;
  for (const voice of voices) {
    const entry = voice.languages.find((l) => l.tag === tag);
    if (!entry) continue;
    const better =
      !best ||
      entry.priority < best.priority ||
      (entry.priority === best.priority && voice.id === OFFLINE_DEFAULT_VOICE);
    if (better) best = { voice, priority: entry.priority };
  }
  return best?.voice;
}

/**
 * The offline voice. It makes each request's audio in one go on the worker thread (a few hundred
 * milliseconds a sentence), then yields it in 100 ms blocks, converting it to 24 kHz block by block
 * as it goes. Aborting ends the iteration at once, quietly, without an error.
 */
export function createOfflineVoice(options: OfflineVoiceOptions = {}): AudioVoice {
  const logger = options.logger ?? defaultLogger();
  const run = (args: string[], signal: AbortSignal): Promise<EspeakResult> =>
    options.useWorker === false ? runEspeakHere(args) : shared.run(args, signal, logger);
  return {
    id: 'offline',
    async *synthesize(request: SynthesisRequest): AsyncIterable<Int16Array> {
      const { signal } = request;
      const text = sanitizeForEspeak(request.text).trim();
      if (!text || signal.aborted) return;
      // The voice list costs an espeak run of its own; the default voice needs no lookup.
      const needsLookup = Boolean(request.voice?.trim() || request.language?.trim());
      let choice: { id: string; warning?: string } = { id: OFFLINE_DEFAULT_VOICE };
      if (needsLookup) {
        const voices = await untilAborted(listOfflineVoices(), signal).catch(() => {
          throw new VoiceError('The offline voice could not start.', false);
        });
        if (!voices) return;
        choice = chooseOfflineVoice(voices, request);
      }
      if (choice.warning) options.onWarning?.(choice.warning);
      if (signal.aborted) return;
      const args = ['-v', choice.id, '-s', String(wordsPerMinute(request.rate)), '-w', ESPEAK_WAV_FILE, '--', text];
      let decoded: { samples: Int16Array; sampleRate: number };
      try {
        const result = await run(args, signal);
        if (!result.wav) throw new Error(result.output.join(' ') || 'espeak-ng wrote no audio');
        decoded = decodeWav(result.wav);
      } catch {
        if (signal.aborted) return;
        throw new VoiceError('The offline voice could not speak this.', false);
      }
      // A listener that takes every block at once would otherwise convert a long sentence (tens of
      // milliseconds) without letting anything else run.
      let busySince = performance.now();
      for (const block of resampledBlocks(decoded.samples, decoded.sampleRate)) {
        if (signal.aborted) return;
        yield block;
        if (performance.now() - busySince > YIELD_AFTER_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          busySince = performance.now();
        }
      }
    }
  };
}

/** The promise's value, or undefined as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * espeak's audio at 24 kHz in blocks of BLOCK_SAMPLES (the last one shorter), converted a block at a
 * time, so no single step holds up the thread (converting a whole long sentence at once takes tens
 * of milliseconds). The samples are the same as converting the clip in one go.
 */
export function* resampledBlocks(samples: Int16Array, sampleRate: number): Generator<Int16Array> {
  const resampler = new Resampler(sampleRate, SAMPLE_RATE);
  const step = Math.ceil((BLOCK_SAMPLES * sampleRate) / SAMPLE_RATE);
  let pending = new Int16Array(0);
  for (let at = 0; at < samples.length || at === 0; at += step) {
    const last = at + step >= samples.length;
    const parts = [pending, resampler.push(samples.subarray(at, at + step))];
    if (last) parts.push(resampler.flush());
    const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((offset, p) => (out.set(p, offset), offset + p.length), 0);
    let used = 0;
    for (; out.length - used >= BLOCK_SAMPLES; used += BLOCK_SAMPLES) yield out.slice(used, used + BLOCK_SAMPLES);
    if (last && used < out.length) yield out.slice(used);
    pending = out.slice(used);
  }
}
