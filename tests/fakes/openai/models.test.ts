import OpenAI, { toFile } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { ttsPcm } from './fixtures';
import { startFakeOpenAI, type FakeOpenAI } from './index';
import { realToday } from './models';
import { BEFORE_SHUTDOWNS, RawRealtime, refusal, serviceErrorBody } from './test-helpers';

// Each test owns its server, since tests move its date.
let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(today: string | undefined = BEFORE_SHUTDOWNS): Promise<{ f: FakeOpenAI; client: OpenAI }> {
  fake = await startFakeOpenAI(today === undefined ? {} : { today });
  return { f: fake, client: new OpenAI({ apiKey: fake.apiKey, baseURL: fake.baseURL, maxRetries: 0 }) };
}

const notFound = (model: string): { status: number; error: unknown } => ({
  status: 404,
  error: serviceErrorBody(
    `The model \`${model}\` does not exist or you do not have access to it.`,
    null,
    'model_not_found'
  )
});

async function listed(client: OpenAI): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for await (const m of client.models.list()) out.set(m.id, (m as { shutdown_date?: string | null }).shutdown_date!);
  return out;
}

const chat = (client: OpenAI, model: string): Promise<OpenAI.Chat.ChatCompletion> =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
const speak = (client: OpenAI, model: string): Promise<Response> =>
  client.audio.speech.create({ model, voice: 'alloy', input: 'Hello.', response_format: 'pcm' });
const transcribe = async (client: OpenAI, model: string): Promise<OpenAI.Audio.Transcription> =>
  client.audio.transcriptions.create({ model, file: await toFile(ttsPcm(), 'a.pcm') });

describe('GET /v1/models follows the service date', () => {
  it('lists every model with its shutdown date before the first shutdown', async () => {
    const { client } = await setup();
    const models = await listed(client);
    expect(Object.fromEntries(models)).toEqual({
      'gpt-4o': '2027-01-14',
      'gpt-4o-2024-08-06': '2027-01-14',
      'gpt-4o-mini': '2027-01-14',
      'gpt-4o-mini-2024-07-18': '2027-01-14',
      'gpt-4.1': '2027-01-14',
      'gpt-4.1-mini': '2027-01-14',
      'gpt-5': '2026-12-11',
      'gpt-5-mini': '2026-12-11',
      'gpt-5-nano': '2026-12-11',
      'gpt-6.1-sol': null,
      'gpt-6.1-terra': null,
      'gpt-6-luna': null,
      'gpt-realtime': '2027-01-20',
      'gpt-realtime-mini': '2027-01-20',
      'gpt-4o-realtime-preview': '2027-01-20',
      'gpt-4o-mini-realtime-preview': '2027-01-20',
      'gpt-realtime-2.1': null,
      'gpt-realtime-2.1-mini': null,
      'gpt-4o-mini-tts': '2027-01-06',
      'tts-1': '2027-01-06',
      'tts-1-hd': '2027-01-06',
      'whisper-1': '2027-02-26',
      'gpt-4o-transcribe': '2027-02-26',
      'gpt-4o-mini-transcribe': '2027-02-26',
      'gpt-transcribe': null,
      'gpt-realtime-whisper': null
    });
    expect(await client.models.retrieve('gpt-4o')).toEqual({
      id: 'gpt-4o',
      object: 'model',
      created: 1715367049,
      owned_by: 'system',
      shutdown_date: '2027-01-14'
    });
  });

  it('drops a model on its shutdown day, from the list and from GET /v1/models/{id}', async () => {
    const { f, client } = await setup('2027-01-13');
    expect((await listed(client)).has('gpt-4o')).toBe(true);
    expect((await client.models.retrieve('gpt-4o')).id).toBe('gpt-4o');

    f.setToday('2027-01-14');
    const ids = [...(await listed(client)).keys()];
    expect(ids).toEqual([
      'gpt-6.1-sol',
      'gpt-6.1-terra',
      'gpt-6-luna',
      'gpt-realtime',
      'gpt-realtime-mini',
      'gpt-4o-realtime-preview',
      'gpt-4o-mini-realtime-preview',
      'gpt-realtime-2.1',
      'gpt-realtime-2.1-mini',
      'whisper-1',
      'gpt-4o-transcribe',
      'gpt-4o-mini-transcribe',
      'gpt-transcribe',
      'gpt-realtime-whisper'
    ]);
    for (const id of ['gpt-4o', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18', 'gpt-4.1', 'gpt-5', 'tts-1'])
      expect(await refusal(client.models.retrieve(id))).toEqual(notFound(id));
    expect(await client.models.retrieve('gpt-6.1-terra')).toMatchObject({ id: 'gpt-6.1-terra', shutdown_date: null });

    f.setToday('2027-03-01');
    expect([...(await listed(client)).keys()]).toEqual([
      'gpt-6.1-sol',
      'gpt-6.1-terra',
      'gpt-6-luna',
      'gpt-realtime-2.1',
      'gpt-realtime-2.1-mini',
      'gpt-transcribe',
      'gpt-realtime-whisper'
    ]);
  });

  it('setToday(null) returns to the real date; malformed dates are refused', async () => {
    const { f, client } = await setup('2030-01-01');
    expect((await listed(client)).has('gpt-4o')).toBe(false);
    f.setToday(null);
    expect((await listed(client)).has('gpt-4o')).toBe(realToday() < '2027-01-14');
    expect(() => f.setToday('15 January 2027')).toThrow(RangeError);
    expect(() => f.setToday('2027-1-15')).toThrow(RangeError);
    await expect(startFakeOpenAI({ today: '2027/01/15' })).rejects.toThrow(RangeError);
  });
});

describe('a retired model is 404 model_not_found on every endpoint', () => {
  it('chat completions, from the shutdown day on', async () => {
    const { f, client } = await setup('2027-01-13');
    expect((await chat(client, 'gpt-4o-mini')).choices[0]!.message.content).toBe('You said: hi');
    f.setToday('2027-01-14');
    for (const model of ['gpt-4o-mini', 'gpt-4o', 'gpt-4o-2024-11-20', 'gpt-4.1-mini'])
      expect(await refusal(chat(client, model))).toEqual(notFound(model));
    expect((await chat(client, 'gpt-6-luna')).choices[0]!.message.content).toBe('You said: hi');
  });

  it('speech', async () => {
    const { f, client } = await setup('2027-01-05');
    expect((await (await speak(client, 'tts-1')).arrayBuffer()).byteLength).toBeGreaterThan(0);
    f.setToday('2027-01-06');
    for (const model of ['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts'])
      expect(await refusal(speak(client, model))).toEqual(notFound(model));
  });

  it('transcriptions', async () => {
    const { f, client } = await setup('2027-02-25');
    expect((await transcribe(client, 'whisper-1')).text).toBe('[speech, 1.6 seconds]');
    f.setToday('2027-02-26');
    for (const model of ['whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe'])
      expect(await refusal(transcribe(client, model))).toEqual(notFound(model));
    expect((await transcribe(client, 'gpt-transcribe')).text).toBe('[speech, 1.6 seconds]');
  });

  it('the Realtime handshake is refused with HTTP 404', async () => {
    const { f } = await setup('2027-01-19');
    const open = await RawRealtime.connect(f.realtimeURL, { apiKey: f.apiKey, model: 'gpt-realtime' });
    await open.next('session.created');
    open.close();
    f.setToday('2027-01-20');
    for (const model of ['gpt-realtime', 'gpt-realtime-mini', 'gpt-4o-realtime-preview']) {
      const err = (await RawRealtime.connect(f.realtimeURL, { apiKey: f.apiKey, model }).then(
        () => {
          throw new Error(`${model}: the handshake was accepted`);
        },
        (e: unknown) => e
      )) as { status: number; body: string };
      expect(err.status).toBe(404);
      expect({ status: err.status, error: JSON.parse(err.body).error }).toEqual(notFound(model));
    }
    const current = await RawRealtime.connect(f.realtimeURL, { apiKey: f.apiKey, model: 'gpt-realtime-2.1' });
    expect((await current.next('session.created')).session.model).toBe('gpt-realtime-2.1');
    current.close();
  });
});

describe('a model sent to an endpoint that does not serve it', () => {
  it('chat completions: 400 naming the endpoint the model belongs to', async () => {
    const { client } = await setup();
    const cases: Array<[string, string]> = [
      ['gpt-realtime-2.1-mini', 'v1/realtime'],
      ['gpt-realtime', 'v1/realtime'],
      ['gpt-realtime-whisper', 'v1/realtime'],
      ['gpt-4o-mini-tts', 'v1/audio/speech'],
      ['tts-1', 'v1/audio/speech'],
      ['whisper-1', 'v1/audio/transcriptions'],
      ['gpt-transcribe', 'v1/audio/transcriptions']
    ];
    for (const [model, path] of cases) {
      expect(await refusal(chat(client, model))).toEqual({
        status: 400,
        error: serviceErrorBody(
          `This model is only supported in ${path} and not in v1/chat/completions.`,
          'model',
          null
        )
      });
    }
  });

  it('speech: 400 invalid_value listing the speech models served today', async () => {
    const { f, client } = await setup();
    for (const model of ['gpt-realtime-2.1-mini', 'gpt-6.1-terra', 'gpt-4o', 'whisper-1']) {
      expect(await refusal(speak(client, model))).toEqual({
        status: 400,
        error: serviceErrorBody(
          `Invalid value: '${model}'. Supported values are: 'tts-1', 'tts-1-hd' and 'gpt-4o-mini-tts'.`,
          'model',
          'invalid_value'
        )
      });
    }
    // After the speech models' shutdown there is nothing left to offer.
    f.setToday('2027-01-06');
    expect(await refusal(speak(client, 'gpt-realtime-2.1-mini'))).toEqual({
      status: 400,
      error: serviceErrorBody(`Invalid value: 'gpt-realtime-2.1-mini'.`, 'model', 'invalid_value')
    });
  });

  it('transcriptions: 400 invalid_value listing the transcription models served today', async () => {
    const { f, client } = await setup();
    for (const model of ['gpt-6-luna', 'gpt-realtime-whisper', 'gpt-realtime', 'gpt-4o-mini-tts']) {
      expect(await refusal(transcribe(client, model))).toEqual({
        status: 400,
        error: serviceErrorBody(
          `Invalid value: '${model}'. Supported values are: 'whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe' and 'gpt-transcribe'.`,
          'model',
          'invalid_value'
        )
      });
    }
    f.setToday('2027-03-01');
    expect(await refusal(transcribe(client, 'gpt-6-luna'))).toEqual({
      status: 400,
      error: serviceErrorBody(
        `Invalid value: 'gpt-6-luna'. Supported values are: 'gpt-transcribe'.`,
        'model',
        'invalid_value'
      )
    });
  });

  it('a retired model is 404 before it is checked against the endpoint', async () => {
    const { client } = await setup('2027-02-01');
    expect(await refusal(speak(client, 'gpt-4o'))).toEqual(notFound('gpt-4o'));
    expect(await refusal(chat(client, 'tts-1'))).toEqual(notFound('tts-1'));
    expect(await refusal(transcribe(client, 'gpt-realtime'))).toEqual(notFound('gpt-realtime'));
  });
});
