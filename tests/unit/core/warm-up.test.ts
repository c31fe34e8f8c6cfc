import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app';
import { createSecretStore, MemoryKeyVault } from '../../../src/core/secrets';
import { warmUpOnce, type WarmUpStep } from '../../../src/core/warm-up';
import type { StatusMessage } from '../../../src/shared/contract';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai';
import { memoryCore, speakAsPage } from '../helpers';
import { textScreen } from './ocr/screens';

function logCollector() {
  const warned: string[] = [];
  const info: string[] = [];
  return {
    warned,
    info,
    logger: { info: (m: string) => info.push(m), warn: (m: string) => warned.push(m), error() {} }
  };
}

/** A step that finishes when the test says so, and tells when it was started. */
function heldStep(name: string) {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  let started!: () => void;
  const startedNow = new Promise<void>((resolve) => (started = resolve));
  let runs = 0;
  const step: WarmUpStep = {
    name,
    run: () => {
      runs++;
      started();
      return new Promise<void>((resolve, reject) => {
        finish = resolve;
        fail = reject;
      });
    }
  };
  return { step, startedNow, finish: () => finish(), fail: (e: Error) => fail(e), runs: () => runs };
}

describe('warming up, step by step', () => {
  it('runs the steps one after another, once, and gives every caller the same promise', async () => {
    const [first, second] = [heldStep('text reading'), heldStep('offline voice')];
    let clock = 0;
    const warmUp = warmUpOnce([first.step, second.step], logCollector().logger, () => clock);
    const warming = warmUp();
    expect(warmUp()).toBe(warming);
    await first.startedNow;
    expect(second.runs()).toBe(0);
    clock = 40;
    first.finish();
    await second.startedNow;
    clock = 65;
    second.finish();
    expect(await warming).toEqual([
      { name: 'text reading', ok: true, readyAfterMs: 40 },
      { name: 'offline voice', ok: true, readyAfterMs: 65 }
    ]);
    expect(await warmUp()).toBe(await warming);
    expect([first.runs(), second.runs()]).toEqual([1, 1]);
  });

  it('logs a step that fails and goes on to the next; it never rejects', async () => {
    const [first, second] = [heldStep('text reading'), heldStep('connection')];
    const log = logCollector();
    const warming = warmUpOnce([first.step, second.step], log.logger)();
    await first.startedNow;
    first.fail(new Error('no language data'));
    await second.startedNow;
    second.finish();
    expect((await warming).map((w) => [w.name, w.ok])).toEqual([
      ['text reading', false],
      ['connection', true]
    ]);
    expect(log.warned).toEqual(['Warming up text reading failed; it starts when first needed.']);
  });
});

describe("core's warm-up, with real text reading and the real offline voice", () => {
  let fake: FakeOpenAI;
  const cores: Core[] = [];
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await Promise.all(cores.map((c) => c.close()));
    await fake.close();
  });

  async function core(host: 'web' | 'cli' = 'web', logger = logCollector().logger) {
    const env = { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL };
    const c = await memoryCore({ host, env, secrets: createSecretStore(new MemoryKeyVault(), env), logger });
    cores.push(c);
    await c.router.invoke('settings.update', { speech: { provider: 'screen-reader', earcons: false } });
    speakAsPage(c);
    return c;
  }

  const screen = () => textScreen({ font: 'DejaVu Sans', size: 16, theme: 'light' });

  it('starts the whole pool with the reading language, the workers reading a practice page together, then the rest; a read then starts no worker', async () => {
    const listsBefore = fake.requests.filter((r) => r.path.startsWith('/v1/models')).length;
    const c = await core();
    const warmed = await c.warmUp();
    expect(warmed.map((w) => [w.name, w.ok])).toEqual([
      ['text reading', true],
      ['pictures', true],
      ['offline voice', true],
      ['connection', true]
    ]);
    const warm = c.workerStats();
    expect(warm.textReading).toMatchObject({ workersStarted: warm.textReading.poolSize, reads: 0 });
    expect(warm.textReading.practised).toBe(1);
    expect(warm.offlineVoice.workersStarted).toBe(1);
    // The connection is the start-up list of models, asked once, not again by the warm-up.
    expect(fake.requests.filter((r) => r.path.startsWith('/v1/models')).length).toBe(listsBefore + 1);

    const read = await c.router.invoke('read.image', { image: (await screen()).png });
    expect(read).toEqual({ ok: true, value: { lines: 4 } });
    expect(c.workerStats().textReading).toEqual({ ...warm.textReading, reads: 1 });
  });

  it('lets a read asked during the warm-up use the workers it is starting, without a practice first, and finishes that read before warming on', async () => {
    const c = await core();
    const image = (await screen()).png;
    const warming = c.warmUp();
    let readDone = false;
    const read = c.router.invoke('read.image', { image }).finally(() => (readDone = true));
    const [warmed] = await warming;
    expect(warmed).toMatchObject({ name: 'text reading', ok: true });
    expect(readDone).toBe(true);
    expect(await read).toEqual({ ok: true, value: { lines: 4 } });
    const { textReading } = c.workerStats();
    expect(textReading).toMatchObject({ workersStarted: textReading.poolSize, practised: 0, reads: 1 });
  });

  it('starts nothing again, and practises nothing, for what a read has already started', async () => {
    const c = await core();
    await c.router.invoke('read.image', { image: (await screen()).png });
    const afterRead = c.workerStats().textReading;
    expect(afterRead).toMatchObject({ workersStarted: afterRead.poolSize, practised: 0, reads: 1 });
    await c.warmUp();
    expect(c.workerStats().textReading).toEqual(afterRead);
  });

  it('says nothing when a step fails: it is logged, the rest is warmed, and the real request says what is wrong', async () => {
    const log = logCollector();
    const c = await core('web', log.logger);
    // A language whose data is not installed: its workers cannot start.
    const saved = await c.router.invoke('settings.update', { reading: { language: 'deu' } });
    expect(saved.ok).toBe(true);
    const said: StatusMessage[] = [];
    c.subscribe((channel, payload) => channel === 'status' && said.push(payload as StatusMessage));
    const warmed = await c.warmUp();
    expect(warmed.map((w) => [w.name, w.ok])).toEqual([
      ['text reading', false],
      ['pictures', true],
      ['offline voice', true],
      ['connection', true]
    ]);
    expect(log.warned).toEqual(['Warming up text reading failed; it starts when first needed.']);
    expect(said).toEqual([]);
    const read = await c.router.invoke('read.image', { image: (await screen()).png });
    expect(read).toMatchObject({ ok: false, error: { message: expect.stringContaining('is not installed') } });
  });

  it("does not warm a command line's core", async () => {
    const c = await core('cli');
    expect(await c.warmUp()).toEqual([]);
    expect(c.workerStats()).toMatchObject({
      textReading: { workersStarted: 0, practised: 0, reads: 0 },
      offlineVoice: { workersStarted: 0 }
    });
  });
});
