import OpenAI, { toFile } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ttsPcm } from './fixtures';
import { startFakeOpenAI, type FakeOpenAI } from './index';
import { BEFORE_SHUTDOWNS, refusal, serviceErrorBody } from './test-helpers';

let fake: FakeOpenAI;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ today: BEFORE_SHUTDOWNS });
  client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.baseURL, maxRetries: 0 });
});
afterAll(() => fake.close());

type Params = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;

const ask = (model: string, extra: Partial<Params> = {}, content = 'hi'): Promise<OpenAI.Chat.ChatCompletion> =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content }], ...extra });

const unsupportedParameter = (param: string, hint = ''): ReturnType<typeof serviceErrorBody> =>
  serviceErrorBody(
    `Unsupported parameter: '${param}' is not supported with this model.${hint}`,
    param,
    'unsupported_parameter'
  );

const GPT6 = ['gpt-6.1-terra', 'gpt-6.1-sol', 'gpt-6-luna'];
const GPT5 = ['gpt-5', 'gpt-5-mini', 'gpt-5-nano'];
const GPT6_EFFORTS = "'none', 'low', 'medium', 'high', and 'xhigh'";
const GPT5_EFFORTS = "'minimal', 'low', 'medium', and 'high'";

describe('reasoning models refuse what the service refuses', () => {
  for (const model of [...GPT6, ...GPT5]) {
    it(`${model}: max_tokens and temperature are unsupported parameters`, async () => {
      expect(await refusal(ask(model, { max_tokens: 50 }))).toEqual({
        status: 400,
        error: unsupportedParameter('max_tokens', " Use 'max_completion_tokens' instead.")
      });
      for (const temperature of [0, 0.7, 1]) {
        expect(await refusal(ask(model, { temperature }))).toEqual({
          status: 400,
          error: unsupportedParameter('temperature')
        });
      }
      const ok = await ask(model, { max_completion_tokens: 500 });
      expect(ok.choices[0]!.message.content).toBe('You said: hi');
    });
  }

  it('the gpt-6 family takes reasoning_effort none, low, medium, high and xhigh, and nothing else', async () => {
    for (const model of GPT6) {
      for (const effort of ['none', 'low', 'medium', 'high', 'xhigh'] as const)
        expect((await ask(model, { reasoning_effort: effort })).choices[0]!.finish_reason).toBe('stop');
      for (const effort of ['minimal', 'max', 'extreme']) {
        expect(await refusal(ask(model, { reasoning_effort: effort as 'low' }))).toEqual({
          status: 400,
          error: serviceErrorBody(
            `Unsupported value: 'reasoning_effort' does not support '${effort}' with this model. Supported values are: ${GPT6_EFFORTS}.`,
            'reasoning_effort',
            'unsupported_value'
          )
        });
      }
    }
  });

  it('the gpt-5 family takes minimal, low, medium and high, and refuses none and xhigh', async () => {
    for (const model of [...GPT5, 'gpt-5-2025-08-07']) {
      for (const effort of ['minimal', 'low', 'medium', 'high'] as const)
        expect((await ask(model, { reasoning_effort: effort })).choices[0]!.finish_reason).toBe('stop');
      for (const effort of ['none', 'xhigh'] as const) {
        expect(await refusal(ask(model, { reasoning_effort: effort }))).toEqual({
          status: 400,
          error: serviceErrorBody(
            `Unsupported value: 'reasoning_effort' does not support '${effort}' with this model. Supported values are: ${GPT5_EFFORTS}.`,
            'reasoning_effort',
            'unsupported_value'
          )
        });
      }
    }
  });

  it('checks the parameters after the model: a retired or unknown model is 404 whatever it is sent', async () => {
    const later = await startFakeOpenAI({ today: '2026-12-11' });
    try {
      const c = new OpenAI({ apiKey: later.apiKey, baseURL: later.baseURL, maxRetries: 0 });
      for (const model of ['gpt-5', 'gpt-9000']) {
        expect(
          await refusal(
            c.chat.completions.create({
              model,
              temperature: 0.2,
              max_tokens: 9,
              reasoning_effort: 'xhigh',
              messages: [{ role: 'user', content: 'hi' }]
            })
          )
        ).toEqual({
          status: 404,
          error: serviceErrorBody(
            `The model \`${model}\` does not exist or you do not have access to it.`,
            null,
            'model_not_found'
          )
        });
      }
      // A day earlier gpt-5 is still served, so the same request is refused for its first bad parameter.
      later.setToday('2026-12-10');
      expect(
        await refusal(
          c.chat.completions.create({
            model: 'gpt-5',
            temperature: 0.2,
            max_tokens: 9,
            messages: [{ role: 'user', content: 'hi' }]
          })
        )
      ).toEqual({ status: 400, error: unsupportedParameter('max_tokens', " Use 'max_completion_tokens' instead.") });
    } finally {
      await later.close();
    }
  });
});

describe('chat models without reasoning', () => {
  for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4o-2024-11-20']) {
    it(`${model}: reasoning_effort is an unsupported parameter; max_tokens, temperature and max_completion_tokens work`, async () => {
      expect(await refusal(ask(model, { reasoning_effort: 'low' }))).toEqual({
        status: 400,
        error: unsupportedParameter('reasoning_effort')
      });
      const byOld = await ask(model, { max_tokens: 3, temperature: 0.3 }, 'a long answer please');
      const byNew = await ask(model, { max_completion_tokens: 3 }, 'a long answer please');
      for (const r of [byOld, byNew]) {
        expect(r.choices[0]!.finish_reason).toBe('length');
        expect(r.choices[0]!.message.content).toBe('Here is a');
        expect(r.usage!.completion_tokens).toBe(3);
        expect(r.usage!.completion_tokens_details!.reasoning_tokens).toBe(0);
      }
    });
  }

  it('treats a null reasoning_effort or temperature as not given', async () => {
    const r = await ask('gpt-4o-mini', { reasoning_effort: null });
    expect(r.choices[0]!.message.content).toBe('You said: hi');
    const t = await ask('gpt-6-luna', { temperature: null, max_tokens: null });
    expect(t.choices[0]!.message.content).toBe('You said: hi');
  });
});

describe('reasoning tokens', () => {
  // "You said: hi" is four visible tokens.
  const VISIBLE = 4;
  const cases: Array<{ model: string; effort?: OpenAI.ReasoningEffort; reasoning: number }> = [
    { model: 'gpt-6.1-terra', reasoning: 64 },
    { model: 'gpt-6.1-terra', effort: 'none', reasoning: 0 },
    { model: 'gpt-6-luna', effort: 'low', reasoning: 16 },
    { model: 'gpt-6.1-sol', effort: 'medium', reasoning: 64 },
    { model: 'gpt-6.1-sol', effort: 'high', reasoning: 256 },
    { model: 'gpt-6-luna', effort: 'xhigh', reasoning: 1024 },
    { model: 'gpt-5-mini', effort: 'minimal', reasoning: 8 },
    { model: 'gpt-5', reasoning: 64 }
  ];
  for (const c of cases) {
    it(`${c.model} at ${c.effort ?? 'the default effort'} reports ${c.reasoning} reasoning tokens in completion_tokens`, async () => {
      const r = await ask(c.model, c.effort ? { reasoning_effort: c.effort } : {});
      expect(r.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'You said: hi' } });
      expect(r.usage!.completion_tokens_details!.reasoning_tokens).toBe(c.reasoning);
      expect(r.usage!.completion_tokens).toBe(c.reasoning + VISIBLE);
      expect(r.usage!.total_tokens).toBe(r.usage!.prompt_tokens + c.reasoning + VISIBLE);
    });
  }

  it('reports them in the streamed usage chunk too, with only visible tokens as content', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-6.1-terra',
      reasoning_effort: 'low',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hi' }]
    });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('You said: hi');
    expect(chunks.filter((c) => c.choices[0]?.delta.content)).toHaveLength(VISIBLE);
    expect(chunks.at(-1)!.usage).toMatchObject({
      completion_tokens: 16 + VISIBLE,
      completion_tokens_details: { reasoning_tokens: 16 }
    });
  });

  it('max_completion_tokens bounds reasoning and answer together', async () => {
    // Below the reasoning tokens: all spent thinking, an empty answer cut for length.
    const starved = await ask('gpt-6.1-terra', { max_completion_tokens: 40 });
    expect(starved.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: '' } });
    expect(starved.usage).toMatchObject({ completion_tokens: 40, completion_tokens_details: { reasoning_tokens: 40 } });
    // Exactly the reasoning tokens: still nothing left to say.
    const exact = await ask('gpt-6-luna', { max_completion_tokens: 16, reasoning_effort: 'low' });
    expect(exact.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: '' } });
    // Room for part of the answer.
    const part = await ask('gpt-6-luna', { max_completion_tokens: 19, reasoning_effort: 'low' }, 'a long answer');
    expect(part.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'Here is a' } });
    expect(part.usage).toMatchObject({ completion_tokens: 19, completion_tokens_details: { reasoning_tokens: 16 } });
    // Room for all of it.
    const whole = await ask('gpt-6-luna', { max_completion_tokens: 20, reasoning_effort: 'low' });
    expect(whole.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'You said: hi' } });
    // Without reasoning the whole limit is for the answer.
    const none = await ask('gpt-6-luna', { max_completion_tokens: 3, reasoning_effort: 'none' }, 'a long answer');
    expect(none.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'Here is a' } });
    expect(none.usage).toMatchObject({ completion_tokens: 3, completion_tokens_details: { reasoning_tokens: 0 } });
  });

  it('a streamed answer starved by reasoning ends with finish_reason length and no content', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-6.1-sol',
      max_completion_tokens: 100,
      reasoning_effort: 'high',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hi' }]
    });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks.some((c) => c.choices[0]?.delta.content)).toBe(false);
    expect(chunks.find((c) => c.choices[0]?.finish_reason)!.choices[0]!.finish_reason).toBe('length');
    expect(chunks.at(-1)!.usage).toMatchObject({
      completion_tokens: 100,
      completion_tokens_details: { reasoning_tokens: 100 }
    });
  });
});

describe('fake.rejectParameter', () => {
  let own: FakeOpenAI | undefined;
  afterEach(async () => {
    await own?.close();
    own = undefined;
  });
  const start = async (): Promise<{ f: FakeOpenAI; c: OpenAI }> => {
    own = await startFakeOpenAI({ today: BEFORE_SHUTDOWNS });
    return { f: own, c: new OpenAI({ apiKey: own.apiKey, baseURL: own.baseURL, maxRetries: 0 }) };
  };

  it('makes a chat model, and its dated snapshots, refuse the parameter; other models are unaffected', async () => {
    const { f, c } = await start();
    const chat = (model: string, extra: Partial<Params>): Promise<unknown> =>
      c.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], ...extra });
    f.rejectParameter('gpt-4o', 'temperature');
    f.rejectParameter('gpt-6.1-terra', 'max_completion_tokens');
    f.rejectParameter('gpt-4.1', 'max_tokens');
    for (const model of ['gpt-4o', 'gpt-4o-2024-08-06'])
      expect(await refusal(chat(model, { temperature: 0.5 }))).toEqual({
        status: 400,
        error: unsupportedParameter('temperature')
      });
    expect(await refusal(chat('gpt-6.1-terra', { max_completion_tokens: 100 }))).toEqual({
      status: 400,
      error: unsupportedParameter('max_completion_tokens')
    });
    expect(await refusal(chat('gpt-4.1', { max_tokens: 100 }))).toEqual({
      status: 400,
      error: unsupportedParameter('max_tokens', " Use 'max_completion_tokens' instead.")
    });
    await expect(chat('gpt-4o', {})).resolves.toBeDefined();
    await expect(chat('gpt-4o-mini', { temperature: 0.5 })).resolves.toBeDefined();
    await expect(chat('gpt-6.1-sol', { max_completion_tokens: 100 })).resolves.toBeDefined();
  });

  it('works for the speech and transcription endpoints too', async () => {
    const { f, c } = await start();
    f.rejectParameter('gpt-4o-mini-tts', 'instructions');
    f.rejectParameter('gpt-4o-transcribe', 'language');
    expect(
      await refusal(
        c.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'x', instructions: 'Speak softly.' })
      )
    ).toEqual({ status: 400, error: unsupportedParameter('instructions') });
    await expect(c.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'x' })).resolves.toBeDefined();
    const file = async (): Promise<Awaited<ReturnType<typeof toFile>>> => toFile(ttsPcm(), 'a.pcm');
    expect(
      await refusal(c.audio.transcriptions.create({ model: 'gpt-4o-transcribe', file: await file(), language: 'en' }))
    ).toEqual({ status: 400, error: unsupportedParameter('language') });
    await expect(c.audio.transcriptions.create({ model: 'gpt-4o-transcribe', file: await file() })).resolves.toEqual(
      expect.objectContaining({ text: expect.any(String) })
    );
  });
});
