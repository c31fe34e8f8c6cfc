import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../../src/core/ports';
import { createEspeakRunner, type Espeak } from '../../../../src/core/speech/offline/espeak-runner.mts';
import { OfflineSpeech } from '../../../../src/core/speech/offline/offline-speech';
import { createOfflineVoice } from '../../../../src/core/speech/offline/offline-voice';
import { OfflineVoiceList } from '../../../../src/core/speech/offline/voice-list';
import { offlineVoiceWorkerFile, startEspeakWorker } from '../../../../src/core/speech/offline/worker-thread';
import { VoiceError, type SynthesisRequest } from '../../../../src/core/speech/voice';
import { SAMPLE_RATE } from '../../../../src/shared/audio-frames';
import { collect, join as join16 } from './synthesis';

const LONG =
  'The quick brown fox jumps over the lazy dog, and then it runs all the way across the wide green field ' +
  'to the river, where it stops to drink, looks around at the trees, and listens carefully to the birds ' +
  'singing in the warm afternoon sun before it finally turns around and heads back home again.';

const request = (text: string, signal = new AbortController().signal): SynthesisRequest => ({ text, rate: 1, signal });

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const add = (message: string) => lines.push(message);
  return { lines, info: add, warn: add, error: add };
}

const engines: OfflineSpeech[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

/**
 * An offline engine (closed after the test) whose worker threads the test can see: each one, and
 * when it has said it is ready. `start` replaces how a worker is started.
 */
function watchedEngine(start: () => Worker = () => startEspeakWorker()) {
  const logger = recordingLogger();
  const workers: Worker[] = [];
  const ready: Promise<unknown>[] = [];
  const speech = new OfflineSpeech({
    logger,
    startWorker: () => {
      const worker = start();
      workers.push(worker);
      ready.push(new Promise((resolve) => worker.once('message', resolve)));
      return worker;
    }
  });
  engines.push(speech);
  const stats = () => ({ ...speech.espeak.stats });
  /** Resolves once the engine has been handed `runs` runs in all. */
  const runsStarted = (runs: number) =>
    expect.poll(() => stats().runsStarted, { interval: 1 }).toBeGreaterThanOrEqual(runs);
  return { speech, logger, workers, ready, stats, runsStarted };
}

describe('offline voice on its worker thread', () => {
  it('finds its worker beside its sources when Lumen runs from them', () => {
    expect(offlineVoiceWorkerFile()).toBe(resolve('src/core/speech/offline/offline-voice-worker.mts'));
    expect(existsSync(offlineVoiceWorkerFile())).toBe(true);
  });

  it('speaks the same audio as on the calling thread, with one warm worker shared by every voice', async () => {
    const onThisThread: Espeak = { run: createEspeakRunner(() => import('espeak-ng')) };
    const here = await collect(
      createOfflineVoice({ espeak: onThisThread, voices: new OfflineVoiceList(onThisThread) }),
      request('Hello, this is Lumen.')
    );
    const { speech, stats, logger } = watchedEngine();
    const [a, b] = await Promise.all([
      collect(speech.voice(), request('Hello, this is Lumen.')),
      collect(speech.voice(), request('Hello, this is Lumen.'))
    ]);
    expect(a.map((block) => block.length)).toEqual(here.map((block) => block.length));
    expect(join16(a)).toEqual(join16(here));
    expect(join16(b)).toEqual(join16(here));
    expect((await speech.voices.list()).length).toBeGreaterThan(50);
    expect(stats()).toEqual({ workersStarted: 1, runsStarted: 3, runsInline: 0 });
    expect(logger.lines).toEqual([]);
  });

  it('keeps the event loop free while it synthesises a long sentence', async () => {
    const voice = watchedEngine().speech.voice();
    await collect(voice, request('Warm up.'));
    let last = performance.now();
    let maxGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    const start = performance.now();
    const audio = join16(await collect(voice, request(LONG)));
    const took = performance.now() - start;
    clearInterval(timer);
    maxGap = Math.max(maxGap, performance.now() - last);
    expect(audio.length / SAMPLE_RATE).toBeGreaterThan(10);
    // On the calling thread the whole synthesis would be one gap; on the worker the loop keeps ticking.
    expect(took).toBeGreaterThan(maxGap * 2);
  });

  it('never runs a request aborted while it waits, and ends one aborted mid-run at once', async () => {
    const { speech, stats, runsStarted } = watchedEngine();
    const voice = speech.voice();
    await collect(voice, request('Warm up.'));
    const fullStart = performance.now();
    await collect(voice, request(LONG));
    const full = performance.now() - fullStart;
    const before = stats().runsStarted;
    const running = new AbortController();
    const waiting = new AbortController();
    const runningBlocks = collect(voice, request(LONG, running.signal));
    const waitingBlocks = collect(voice, request('This is never said.', waiting.signal));
    await runsStarted(before + 1);
    waiting.abort();
    expect(await waitingBlocks).toEqual([]);
    const abortedAt = performance.now();
    running.abort();
    expect(await runningBlocks).toEqual([]);
    // Well before the synthesis it interrupted could have finished.
    expect(performance.now() - abortedAt).toBeLessThan(full / 2);
    const aborted = new AbortController();
    aborted.abort();
    expect(await collect(voice, request('Nor this.', aborted.signal))).toEqual([]);
    // The queue carries on: the next request waits for the dropped run, then speaks.
    expect(join16(await collect(voice, request('Still here.'))).length).toBeGreaterThan(SAMPLE_RATE / 2);
    expect(stats().runsStarted).toBe(before + 2);
  });

  it('starts a new worker when one dies, and finishes the request it was running', async () => {
    const { speech, logger, workers, stats, runsStarted } = watchedEngine();
    const voice = speech.voice();
    await collect(voice, request('Warm up.'));
    const cut = collect(voice, request(LONG));
    await runsStarted(2);
    await workers[0]!.terminate();
    expect(join16(await cut).length / SAMPLE_RATE).toBeGreaterThan(10);
    expect(join16(await collect(voice, request('Still here.'))).length).toBeGreaterThan(SAMPLE_RATE / 2);
    expect(workers).toHaveLength(2);
    expect(stats().runsInline).toBe(0);
    expect(logger.lines).toEqual([
      expect.stringMatching(/^The offline voice's worker stopped \(.+\); starting a new one\.$/)
    ]);
  });

  it('gives up on a text that stopped two workers, and on workers after three stop in a row', async () => {
    const { speech, logger, workers, ready, stats } = watchedEngine();
    const voice = speech.voice();
    const cut = collect(voice, request(LONG)).catch((error: unknown) => error);
    for (const n of [0, 1]) {
      await ready[n];
      await workers[n]!.terminate();
    }
    expect(await cut).toBeInstanceOf(VoiceError);
    const next = collect(voice, request('Still here.'));
    await ready[2];
    await workers[2]!.terminate();
    expect(join16(await next).length).toBeGreaterThan(SAMPLE_RATE / 2);
    expect(workers).toHaveLength(3);
    expect(stats()).toMatchObject({ runsStarted: 4, runsInline: 1 });
    expect(logger.lines).toEqual([
      expect.stringMatching(/^The offline voice's worker stopped \(.+\); starting a new one\.$/),
      expect.stringMatching(/^The offline voice's worker stopped \(.+\); starting a new one\.$/),
      expect.stringMatching(
        /^The offline voice now runs on the main thread, blocking it while it speaks: its worker stopped 3 times/
      )
    ]);
  });

  it('speaks on the calling thread, with a log line, when the worker cannot start', async () => {
    const { speech, logger, stats } = watchedEngine(() =>
      startEspeakWorker(pathToFileURL('/nonexistent/espeak-ng.js').href)
    );
    const voice = speech.voice();
    expect(join16(await collect(voice, request('Hello.'))).length).toBeGreaterThan(SAMPLE_RATE / 4);
    expect(join16(await collect(voice, request('Again.'))).length).toBeGreaterThan(SAMPLE_RATE / 4);
    expect(stats()).toMatchObject({ workersStarted: 1, runsInline: 2 });
    expect(logger.lines).toEqual([
      expect.stringMatching(
        /^The offline voice now runs on the main thread, blocking it while it speaks: its worker did not start/
      )
    ]);
  });

  it('speaks on the calling thread, with a log line, when no worker can be created', async () => {
    const { speech, logger, stats } = watchedEngine(() => {
      throw new Error('no threads here');
    });
    expect(join16(await collect(speech.voice(), request('Hello.'))).length).toBeGreaterThan(SAMPLE_RATE / 4);
    expect(stats()).toEqual({ workersStarted: 0, runsStarted: 1, runsInline: 1 });
    expect(logger.lines).toEqual([
      'The offline voice now runs on the main thread, blocking it while it speaks: its worker could not be created (no threads here).'
    ]);
  });

  it('ends its worker when closed, failing what was waiting for it', async () => {
    const { speech, workers, runsStarted } = watchedEngine();
    const cut = collect(speech.voice(), request(LONG)).catch((error: unknown) => error);
    await runsStarted(1);
    const exited = new Promise((resolve) => workers[0]!.once('exit', resolve));
    await speech.close();
    await exited;
    expect(await cut).toBeInstanceOf(VoiceError);
  });

  it('keeps a process alive while it speaks, and not after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lumen-offline-'));
    try {
      const module = pathToFileURL(resolve('src/core/speech/offline/offline-speech.ts')).href;
      const script = join(dir, 'speak.mts');
      writeFileSync(
        script,
        `import { OfflineSpeech } from ${JSON.stringify(module)};\n` +
          `let samples = 0;\n` +
          `for await (const block of new OfflineSpeech().voice().synthesize({ text: 'Hello.', rate: 1, signal: new AbortController().signal })) samples += block.length;\n` +
          `process.stdout.write(String(samples));\n`
      );
      const start = performance.now();
      const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 15_000 });
      expect(child.stderr).toBe('');
      expect(child.status).toBe(0);
      expect(Number(child.stdout)).toBeGreaterThan(SAMPLE_RATE / 4);
      expect(performance.now() - start).toBeLessThan(10_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
