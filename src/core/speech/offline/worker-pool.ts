import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../ports';
import { createEspeakRunner, type Espeak, type EspeakResult } from './espeak-runner.mts';
import type { WorkerReply, WorkerRequest } from './offline-voice-worker.mts';
import { startEspeakWorker } from './worker-thread';

export interface EspeakWorkerPoolOptions {
  /** Where trouble with the worker thread is logged. */
  logger: Logger;
  /** Starts a worker thread; tests pass one that lets them watch or break the workers. */
  startWorker?: () => Worker;
}

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
 * Runs espeak-ng on a worker thread, for every offline voice of its owner: a pool of one worker,
 * started on first use, kept warm (the compiled WebAssembly stays in it), given one run at a time,
 * unref()'d so it never keeps the process alive, and replaced if it dies. The rest wait in a queue,
 * so a request aborted while it waits is simply taken out: it never runs. A run already on the
 * worker cannot be interrupted (it is synchronous WebAssembly); aborting it answers the caller at
 * once and its result is dropped when it comes. If no worker can run, espeak runs on this thread,
 * blocking it for each run, so Lumen can still speak.
 */
export class EspeakWorkerPool implements Espeak {
  readonly stats = { workersStarted: 0, runsStarted: 0, runsInline: 0 };
  private readonly logger: Logger;
  private readonly startWorker: () => Worker;
  private worker: Worker | undefined;
  private ready = false;
  private current: Job | undefined;
  private readonly queue: Job[] = [];
  private nextId = 1;
  /** Why espeak runs on this thread instead, once workers have proved unusable. */
  private inline: string | undefined;
  private runHere: ((args: string[]) => Promise<EspeakResult>) | undefined;
  private crashes = 0;
  private lastError: unknown;

  constructor(options: EspeakWorkerPoolOptions) {
    this.logger = options.logger;
    this.startWorker = options.startWorker ?? (() => startEspeakWorker());
  }

  run(args: string[], signal?: AbortSignal): Promise<EspeakResult> {
    if (signal?.aborted) return Promise.reject(abortError());
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

  /** Ends the worker; what was waiting for it ends as if aborted. */
  async close(): Promise<void> {
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
      for (const job of this.queue.splice(0)) this.runOnThisThread(job);
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

  private runOnThisThread(job: Job): void {
    this.stats.runsStarted++;
    this.stats.runsInline++;
    this.runHere ??= createEspeakRunner(() => import('espeak-ng'));
    this.runHere(job.args).then(job.settle, (error: unknown) => job.settle(asError(error)));
  }

  private start(): Worker | undefined {
    let worker: Worker;
    try {
      worker = this.startWorker();
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
