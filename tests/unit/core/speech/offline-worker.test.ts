import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { resample } from '../../../../src/core/audio/resample';
import type { Logger } from '../../../../src/core/ports';
import {
  createOfflineVoice,
  listOfflineVoices,
  offlineWorkerForTests,
  resampledBlocks
} from '../../../../src/core/speech/offline-voice';
import type { AudioVoice, SynthesisRequest } from '../../../../src/core/speech/voice';
import { SAMPLE_RATE } from '../../../../src/shared/audio-frames';

const LONG =
  'The quick brown fox jumps over the lazy dog, and then it runs all the way across the wide green field ' +
  'to the river, where it stops to drink, looks around at the trees, and listens carefully to the birds ' +
  'singing in the warm afternoon sun before it finally turns around and heads back home again.';

const request = (text: string, signal = new AbortController().signal): SynthesisRequest => ({ text, rate: 1, signal });

async function collect(voice: AudioVoice, req: SynthesisRequest): Promise<Int16Array[]> {
  const blocks: Int16Array[] = [];
  for await (const block of voice.synthesize(req)) blocks.push(block);
  return blocks;
}

const join16 = (blocks: Int16Array[]) => {
  const out = new Int16Array(blocks.reduce((n, b) => n + b.length, 0));
  blocks.reduce((at, b) => (out.set(b, at), at + b.length), 0);
  return out;
};

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const add = (message: string) => lines.push(message);
  return { lines, info: add, warn: add, error: add };
}

const stats = () => offlineWorkerForTests.stats();

/** Resolves once the shared worker has been handed `runs` runs in all. */
const runsStarted = (runs: number) =>
  expect.poll(() => stats().runsStarted, { interval: 1 }).toBeGreaterThanOrEqual(runs);

afterAll(() => offlineWorkerForTests.reset());

describe('offline voice on its worker thread', () => {
  it('speaks the same audio as on the calling thread, with one warm worker shared by every voice', async () => {
    await offlineWorkerForTests.reset();
    const here = await collect(createOfflineVoice({ useWorker: false }), request('Hello, this is Lumen.'));
    const first = createOfflineVoice();
    const second = createOfflineVoice();
    const [a, b] = await Promise.all([
      collect(first, request('Hello, this is Lumen.')),
      collect(second, request('Hello, this is Lumen.'))
    ]);
    expect(a.map((block) => block.length)).toEqual(here.map((block) => block.length));
    expect(join16(a)).toEqual(join16(here));
    expect(join16(b)).toEqual(join16(here));
    expect((await listOfflineVoices()).length).toBeGreaterThan(50);
    expect(stats()).toEqual({ workersStarted: 1, runsStarted: 3, runsInline: 0 });
  });

  it('keeps the event loop free while it synthesises a long sentence', async () => {
    const voice = createOfflineVoice();
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
    const voice = createOfflineVoice();
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
    const logger = recordingLogger();
    const voice = createOfflineVoice({ logger });
    await collect(voice, request('Warm up.'));
    const { workersStarted, runsStarted: before } = stats();
    const cut = collect(voice, request(LONG));
    await runsStarted(before + 1);
    await offlineWorkerForTests.crash();
    expect(join16(await cut).length / SAMPLE_RATE).toBeGreaterThan(10);
    expect(join16(await collect(voice, request('Still here.'))).length).toBeGreaterThan(SAMPLE_RATE / 2);
    expect(stats().workersStarted).toBe(workersStarted + 1);
    expect(stats().runsInline).toBe(0);
    expect(logger.lines).toEqual([
      expect.stringMatching(/^The offline voice's worker stopped \(.+\); starting a new one\.$/)
    ]);
  });

  it('speaks on the calling thread, with a log line, when the worker cannot start', async () => {
    await offlineWorkerForTests.reset(pathToFileURL('/nonexistent/espeak-ng.js').href);
    const logger = recordingLogger();
    const voice = createOfflineVoice({ logger });
    expect(join16(await collect(voice, request('Hello.'))).length).toBeGreaterThan(SAMPLE_RATE / 4);
    expect(join16(await collect(voice, request('Again.'))).length).toBeGreaterThan(SAMPLE_RATE / 4);
    expect(stats()).toMatchObject({ workersStarted: 1, runsInline: 2 });
    expect(logger.lines).toEqual([
      expect.stringMatching(
        /^The offline voice now runs on the main thread, blocking it while it speaks: its worker did not start/
      )
    ]);
    await offlineWorkerForTests.reset();
  });

  it('keeps a process alive while it speaks, and not after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lumen-offline-'));
    try {
      const module = pathToFileURL(resolve('src/core/speech/offline-voice.ts')).href;
      const script = join(dir, 'speak.mts');
      writeFileSync(
        script,
        `import { createOfflineVoice } from ${JSON.stringify(module)};\n` +
          `let samples = 0;\n` +
          `for await (const block of createOfflineVoice().synthesize({ text: 'Hello.', rate: 1, signal: new AbortController().signal })) samples += block.length;\n` +
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

describe('block-by-block conversion to 24 kHz', () => {
  it('gives the same samples as converting the clip at once, in 100 ms blocks', () => {
    for (const [length, rate] of [
      [0, 22_050],
      [1, 22_050],
      [2205, 22_050],
      [2206, 22_050],
      [22_050 * 3 + 17, 22_050],
      [5000, 16_000],
      [4800, 24_000]
    ] as const) {
      const samples = Int16Array.from({ length }, (_, i) => Math.round(9000 * Math.sin(i / 5) + ((i * 7919) % 2000)));
      const blocks = [...resampledBlocks(samples, rate)];
      expect(join16(blocks)).toEqual(resample(samples, rate, SAMPLE_RATE));
      expect(blocks.slice(0, -1).every((b) => b.length === SAMPLE_RATE / 10)).toBe(true);
      expect(blocks.every((b) => b.length > 0)).toBe(true);
    }
  });
});
