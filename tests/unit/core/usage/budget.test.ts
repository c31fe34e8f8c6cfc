import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { MemoryRecordStore, silentLogger } from '../../../../src/core/ports';
import { JsonRecordStore } from '../../../../src/core/storage/json-record-store';
import { Budget } from '../../../../src/core/usage/budget';
import { ROLE_CANDIDATES, specFor } from '../../../../src/core/models/table';
import {
  chatCost,
  dollars,
  realtimeCost,
  speechCost,
  transcriptionCost,
  type Cost
} from '../../../../src/core/usage/prices';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { privateScreenPng } from '../../../private-screen';
import { memoryCore, speakAsPage } from '../../helpers';
import { until } from '../conversation/helpers';

describe('prices', () => {
  const million = 1_000_000;
  it('prices chat tokens by model, cached input at its own price, and an unknown model as the dearest, marked estimated', () => {
    expect(chatCost('gpt-6.1-terra', { prompt_tokens: million, completion_tokens: 0 })).toEqual({
      usd: 1,
      estimated: false
    });
    expect(chatCost('gpt-6.1-terra', { prompt_tokens: 0, completion_tokens: million }).usd).toBeCloseTo(5);
    expect(
      chatCost('gpt-6.1-terra', { prompt_tokens: million, prompt_tokens_details: { cached_tokens: million } }).usd
    ).toBeCloseTo(0.05);
    expect(chatCost('gpt-6-luna', { prompt_tokens: million, completion_tokens: million }).usd).toBeCloseTo(0.6);
    expect(chatCost('gpt-4o-2024-08-06', { prompt_tokens: million }).usd).toBeCloseTo(2.5);
    const unknown = chatCost('some-new-model', { prompt_tokens: million, completion_tokens: million });
    expect(unknown.estimated).toBe(true);
    expect(unknown.usd).toBeCloseTo(4 + 24);
  });

  it('prices the conversation by model and modality: audio far above text', () => {
    const none = { text: 0, audio: 0, image: 0, cached: 0 };
    const cost = (model: string, input: Partial<typeof none>, output = { text: 0, audio: 0 }) =>
      realtimeCost(model, { input: { ...none, ...input }, output }).usd;
    expect(cost('gpt-realtime-2.1-mini', { audio: million })).toBeCloseTo(10);
    expect(cost('gpt-realtime-2.1-mini', {}, { text: 0, audio: million })).toBeCloseTo(20);
    expect(cost('gpt-realtime-2.1-mini', { image: million, text: million })).toBeCloseTo(1.4);
    expect(cost('gpt-realtime-2.1', { audio: million }, { text: million, audio: 0 })).toBeCloseTo(56);
    expect(cost('gpt-realtime', {}, { text: 0, audio: million })).toBeCloseTo(64);
    expect(realtimeCost('a-local-voice', { input: none, output: { text: 0, audio: 1 } }).estimated).toBe(true);
  });

  it('has a price for every model Lumen may choose by itself, and prices speech and captions', () => {
    for (const candidates of Object.values(ROLE_CANDIDATES)) {
      for (const model of candidates) expect(specFor(model).known, model).toBe(true);
    }
    expect(speechCost('tts-1', million).usd).toBeCloseTo(15);
    expect(transcriptionCost('gpt-realtime-whisper', 60).usd).toBeCloseTo(0.017);
    expect(transcriptionCost('whisper-1', 30).usd).toBeCloseTo(0.003);
  });

  it('says amounts as a person would', () => {
    expect(dollars(5)).toBe('$5.00');
    expect(dollars(0.004)).toBe('less than one cent');
    expect(dollars(0)).toBe('$0.00');
  });
});

const usd = (amount: number): Cost => ({ usd: amount, estimated: false });
/** Costs each spender adds: enough that unguarded read-change-write steps of the two would overlap. */
const ADDITIONS = 200;

describe('the monthly budget', () => {
  const november = () => new Date(2026, 10, 26, 12);

  it('refuses once the limit is reached, says so once, and keeps the amount between runs', async () => {
    const store = new MemoryRecordStore();
    const budget = await Budget.open(store, () => 1, silentLogger, november);
    expect(budget.refusal()).toBeUndefined();
    expect(budget.add(usd(0.6))).toBe(false);
    expect(budget.refusal()).toBeUndefined();
    expect(budget.add(usd(0.6))).toBe(true); // this addition reached it
    expect(budget.add(usd(0.1))).toBe(false); // already reached: not news
    expect(budget.refusal()).toMatch(/^This month's spending limit of \$1\.00 is reached/);
    await budget.flushed();
    const again = await Budget.open(store, () => 1, silentLogger, november);
    expect(again.state()).toEqual({ month: '2026-11', spentUsd: expect.closeTo(1.3, 6), limitUsd: 1, estimatedUsd: 0 });
    expect(again.refusal()).toBeDefined();
  });

  it('two processes spending from one record (the web host and the command line) at the same moment both count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-budget-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const spend = (usd: number, kind: 'estimated' | 'known') =>
      fork(join(import.meta.dirname, 'spender.ts'), [dir, String(ADDITIONS), String(usd), kind], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc']
      });
    const spenders = [spend(1, 'known'), spend(2, 'estimated')];
    const exited = spenders.map(
      (child) =>
        new Promise<number | null>((resolve) => {
          child.once('exit', resolve);
        })
    );
    // Both are running and have read the record before either adds anything.
    await Promise.all(spenders.map((child) => new Promise((resolve) => child.once('message', resolve))));
    for (const child of spenders) child.send('go');
    expect(await Promise.all(exited)).toEqual([0, 0]);
    expect(await new JsonRecordStore(dir).read('spending')).toEqual({
      month: '2026-11',
      usd: ADDITIONS * (1 + 2),
      estimatedUsd: ADDITIONS * 2
    });
  }, 60_000);

  it('a second budget on the same record counts what the first has written', async () => {
    const store = new MemoryRecordStore();
    const app = await Budget.open(store, () => 1, silentLogger, november);
    const cli = await Budget.open(store, () => 1, silentLogger, november);
    cli.add(usd(0.5));
    await cli.flushed();
    app.add(usd(0.5));
    await app.flushed();
    expect(app.state().spentUsd).toBe(1);
    expect(app.refusal()).toBeDefined();
  });

  it('no limit (0) never refuses; raising the limit opens it again', async () => {
    let limit = 0;
    const budget = await Budget.open(new MemoryRecordStore(), () => limit, silentLogger, november);
    budget.add(usd(50));
    expect(budget.refusal()).toBeUndefined();
    limit = 10;
    expect(budget.refusal()).toBeDefined();
    limit = 60;
    expect(budget.refusal()).toBeUndefined();
  });

  it('starts from zero in a new month, and after a record it cannot read', async () => {
    let now = november();
    const store = new MemoryRecordStore();
    const budget = await Budget.open(
      store,
      () => 1,
      silentLogger,
      () => now
    );
    budget.add(usd(2));
    expect(budget.refusal()).toBeDefined();
    now = new Date(2026, 11, 1, 0, 0, 1);
    expect(budget.refusal()).toBeUndefined();
    expect(budget.state()).toMatchObject({ month: '2026-12', spentUsd: 0 });
    await budget.flushed();
    for (const bad of [{ month: '2026-11', usd: -3 }, { month: 7 }, 'lots', null]) {
      await store.write('spending', bad);
      expect((await Budget.open(store, () => 1, silentLogger, november)).state().spentUsd).toBe(0);
    }
  });
});

describe('the monthly limit in use', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  async function limitedCore(records = new MemoryRecordStore()) {
    const core = await memoryCore({ env: { OPENAI_BASE_URL: fake.baseURL }, records });
    await core.router.invoke('secrets.setKey', { key: fake.apiKey });
    await core.router.invoke('settings.update', {
      speech: { provider: 'screen-reader', earcons: false },
      privacy: { shield: 'off' },
      budget: { monthlyLimitUsd: 0.01 }
    });
    const said: string[] = [];
    const answers: string[] = [];
    core.subscribe((channel, payload) => {
      if (channel === 'status') said.push((payload as { text: string }).text);
      if (channel === 'answer.done') answers.push((payload as { outcome: string }).outcome);
    });
    speakAsPage(core, (u) => said.push(u.text));
    return { core, said, answers };
  }
  const chats = () => fake.requests.filter((r) => r.path === '/v1/chat/completions').length;

  it('describes until the limit is reached, then sends nothing more, says why, and reads screens offline', async () => {
    const records = new MemoryRecordStore();
    const { core, said, answers } = await limitedCore(records);
    const image = await privateScreenPng(['welcome', 'thanks']);
    const reached = () => said.some((t) => t.startsWith("This month's spending limit of $0.01 is reached"));
    // Each describe of a 1024×576 picture costs about a tenth of a cent at gpt-6.1-terra's prices.
    for (let i = 0; i < 20 && !reached(); i++) {
      await core.router.invoke('describe.start', { source: 'camera', image });
      await until(() => answers.length === i + 1, 10_000, 'an answer');
    }
    expect(reached()).toBe(true);
    const usage = await core.router.invoke('usage.get', {});
    expect(usage).toMatchObject({ ok: true, value: { month: { limitUsd: 0.01 } } });
    const spent = (usage as { value: { month: { spentUsd: number } } }).value.month.spentUsd;
    expect(spent).toBeGreaterThanOrEqual(0.01);
    expect(spent).toBeLessThan(0.02);

    const sentBefore = chats();
    said.length = 0;
    expect(await core.router.invoke('describe.start', { source: 'camera', image })).toEqual({
      ok: true,
      value: { id: null }
    });
    await until(() => said.length > 0, 5000, 'the reason');
    expect(said[0]).toMatch(/^This month's spending limit of \$0\.01 is reached.*raise the limit in Settings\.$/);

    said.length = 0;
    await core.router.invoke('describe.start', { source: 'screen', image });
    await until(() => said.some((t) => t.includes('Thanks for shopping')), 20_000, 'the screen read offline');
    expect(said.join(' ')).toMatch(
      /limit of \$0\.01 is reached.*Here is the text on the screen instead, read offline\..*Welcome back, Sam/s
    );

    said.length = 0;
    await core.router.invoke('assistant.ask', { question: 'And now?' });
    await until(() => said.length > 0, 5000, 'the reason');
    expect(said[0]).toMatch(/limit of \$0\.01 is reached/);

    const conversations = fake.realtimeEvents.length;
    said.length = 0;
    expect(await core.router.invoke('conversation.start', {})).toMatchObject({ ok: true, value: { state: 'idle' } });
    await until(() => said.length > 0, 5000, 'the reason');
    expect(said[0]).toMatch(/limit of \$0\.01 is reached/);
    expect(fake.realtimeEvents.length).toBe(conversations);
    expect(chats()).toBe(sentBefore);

    // The next run remembers what was spent; raising the limit lets Lumen describe again.
    const next = await limitedCore(records);
    await next.core.router.invoke('describe.start', { source: 'camera', image });
    await until(() => next.said.length > 0, 5000, 'the reason');
    expect(chats()).toBe(sentBefore);
    await next.core.router.invoke('settings.update', { budget: { monthlyLimitUsd: 1 } });
    await next.core.router.invoke('describe.start', { source: 'camera', image });
    await until(() => next.answers.includes('complete'), 10_000, 'an answer');
    expect(chats()).toBe(sentBefore + 1);
  });

  it('refuses a limit that is not a sensible amount', async () => {
    const { core } = await limitedCore();
    for (const monthlyLimitUsd of [-1, 20_000, Number.NaN]) {
      expect(await core.router.invoke('settings.update', { budget: { monthlyLimitUsd } })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_REQUEST' }
      });
    }
    expect(await core.router.invoke('settings.update', { budget: { monthlyLimitUsd: '5' } })).toMatchObject({
      ok: false
    });
  });
});
