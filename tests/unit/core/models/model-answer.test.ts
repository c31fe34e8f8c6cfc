import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerWithModels, ModelGoneError } from '../../../../src/core/assistant/model-answer';
import { ModelService } from '../../../../src/core/models/model-service';
import { MemoryRecordStore } from '../../../../src/core/ports';
import { applySettingsPatch, DEFAULT_SETTINGS, type Settings } from '../../../../src/shared/settings';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { BEFORE_SHUTDOWNS } from '../../../fakes/openai/test-helpers';

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI({ today: BEFORE_SHUTDOWNS });
});
afterEach(() => fake.close());

type Body = Record<string, unknown>;
const chats = () => fake.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as Body);

async function setUp(models: Partial<Settings['models']> = {}, records = new MemoryRecordStore()) {
  let settings = applySettingsPatch(DEFAULT_SETTINGS, { models });
  const said: string[] = [];
  const service = await ModelService.open({
    records,
    settings: () => settings,
    updateSettings: async (patch) => {
      settings = applySettingsPatch(settings, patch);
    },
    endpoint: () => fake.baseURL,
    key: async () => fake.apiKey,
    say: (text) => said.push(`(apart) ${text}`),
    now: () => new Date(`${BEFORE_SHUTDOWNS}T10:00:00`)
  });
  await service.refresh();
  const told: string[] = [];
  const ask = (purpose: 'describe' | 'question' = 'describe', thinkLonger = false) => {
    let text = '';
    return answerWithModels(service, {
      endpoint: fake.baseURL,
      key: fake.apiKey,
      messages: [{ role: 'user', content: 'What is in front of me?' }],
      purpose,
      thinkLonger,
      onDelta: (delta) => (text += delta),
      tell: (note) => told.push(note)
    }).then((answer) => ({ answer, text }));
  };
  return { service, ask, said, told, settings: () => settings, records };
}

describe('an answer that fits the model and survives a retirement', () => {
  it('a reasoning model gets max_completion_tokens and low effort, never max_tokens or temperature', async () => {
    const { ask } = await setUp();
    await ask();
    await ask('question', true);
    const [describe, question] = chats();
    expect(describe).toMatchObject({
      model: 'gpt-6.1-terra',
      reasoning_effort: 'low',
      max_completion_tokens: expect.any(Number)
    });
    expect(describe).not.toHaveProperty('max_tokens');
    expect(describe).not.toHaveProperty('temperature');
    expect(question).toMatchObject({ reasoning_effort: 'medium' });
  });

  it('an older model gets max_tokens and a low temperature, and no reasoning effort', async () => {
    const { ask } = await setUp({ describe: 'gpt-4o' });
    await ask();
    expect(chats()[0]).toMatchObject({ model: 'gpt-4o', max_tokens: expect.any(Number), temperature: 0.3 });
    expect(chats()[0]).not.toHaveProperty('reasoning_effort');
  });

  it('a retired choice: one 404, then the successor at once, one sentence, and the next answer goes straight there', async () => {
    const { ask, told, said, service, settings } = await setUp({ describe: 'gpt-4o' });
    fake.setToday('2027-01-15');
    const { text, answer } = await ask();
    expect(text).toMatch(/You said/);
    expect(answer).toEqual({ text, model: 'gpt-6.1-terra' });
    expect(chats().map((b) => b.model)).toEqual(['gpt-4o', 'gpt-6.1-terra']);
    expect(fake.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body)).toHaveLength(2);
    expect(told).toEqual(['gpt-4o has been retired; Lumen now uses gpt-6.1-terra.']);
    expect(said).toEqual([]);
    await service.flushed();
    expect(settings().models.describe).toBe('gpt-6.1-terra');
    await ask();
    expect(chats().map((b) => b.model)).toEqual(['gpt-4o', 'gpt-6.1-terra', 'gpt-6.1-terra']);
    expect(told).toHaveLength(1);
  });

  it('a successor that is gone too: no more requests, the next one is named, and the caller goes offline', async () => {
    const { ask, told, service } = await setUp({ describe: 'gpt-4o' });
    fake.setToday('2027-01-15');
    fake.setShutdownDate('gpt-6.1-terra', '2027-01-01');
    await expect(ask()).rejects.toBeInstanceOf(ModelGoneError);
    expect(chats().map((b) => b.model)).toEqual(['gpt-4o', 'gpt-6.1-terra']);
    expect(told).toEqual([
      'gpt-4o has been retired; Lumen now uses gpt-6.1-terra.',
      'gpt-6.1-terra has been retired; Lumen now uses gpt-6-luna.'
    ]);
    expect(service.model('describe')).toBe('gpt-6-luna');
  });

  it('a refused parameter is dropped, the answer asked again once, and never sent to that model again', async () => {
    const records = new MemoryRecordStore();
    const { ask, service } = await setUp({}, records);
    fake.rejectParameter('gpt-6.1-terra', 'reasoning_effort');
    await ask();
    const [refused, retried] = chats();
    expect(refused).toHaveProperty('reasoning_effort');
    expect(retried).not.toHaveProperty('reasoning_effort');
    await service.flushed();
    const next = await setUp({}, records);
    await next.ask();
    expect(chats()).toHaveLength(3);
    expect(chats()[2]).not.toHaveProperty('reasoning_effort');
  });

  it('a parameter refused twice in one answer is not a retry storm: two requests, then the error', async () => {
    const { ask } = await setUp();
    fake.rejectParameter('gpt-6.1-terra', 'reasoning_effort');
    fake.rejectParameter('gpt-6.1-terra', 'max_completion_tokens');
    await expect(ask()).rejects.toMatchObject({ status: 400, code: 'unsupported_parameter' });
    expect(chats()).toHaveLength(2);
  });

  it('a busy model hands over to the quick one after its own retries, saying so first', async () => {
    const { ask, told } = await setUp();
    fake.inject('chat', { kind: 'status', status: 503 }, 3);
    const { text, answer } = await ask();
    expect(text).toMatch(/You said/);
    expect(answer.model).toBe('gpt-6-luna');
    expect(chats().map((b) => b.model)).toEqual(['gpt-6.1-terra', 'gpt-6.1-terra', 'gpt-6.1-terra', 'gpt-6-luna']);
    expect(told).toEqual(['gpt-6.1-terra is not answering right now, so the smaller gpt-6-luna answers instead.']);
  });
});
