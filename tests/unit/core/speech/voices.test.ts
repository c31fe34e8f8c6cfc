import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { int16ToBytes } from '../../../../src/core/audio/pcm';
import { createOpenAIVoice } from '../../../../src/core/speech/openai-voice';
import { VoiceError, type AudioVoice } from '../../../../src/core/speech/voice';
import { SAMPLE_RATE } from '../../../../src/shared/audio-frames';
import { FAST_TIMING, startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { BEFORE_SHUTDOWNS } from '../../../fakes/openai/test-helpers';
import { ttsPcm } from '../../../fakes/openai/fixtures';
import { speechPcmFor } from '../../../fakes/openai/speech';
import { collect, join, request } from './synthesis';

describe('OpenAI voice', () => {
  let fake: FakeOpenAI;
  let voice: AudioVoice;
  beforeAll(async () => {
    // The speech endpoint's models shut down on 2027-01-06: these tests use the service as it was before.
    fake = await startFakeOpenAI({ today: BEFORE_SHUTDOWNS });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.setTiming(FAST_TIMING);
    fake.setToday(BEFORE_SHUTDOWNS);
    voice = createOpenAIVoice({ endpoint: fake.baseURL, key: fake.apiKey, model: 'gpt-4o-mini-tts' });
  });

  it('streams the service’s PCM unchanged', async () => {
    const audio = join(await collect(voice, request('Hello, world!')));
    expect(Buffer.from(int16ToBytes(audio)).equals(ttsPcm())).toBe(true);
    const longer = 'This sentence is quite a bit longer than hello world, so the audio is longer too.';
    const long = join(await collect(voice, request(longer)));
    expect(Buffer.from(int16ToBytes(long)).equals(speechPcmFor(longer))).toBe(true);
  });

  it('sends model, voice, format, instructions and speed', async () => {
    const tuned = createOpenAIVoice({
      endpoint: `${fake.baseURL}/`,
      key: fake.apiKey,
      model: 'tts-1',
      voice: 'nova',
      instructions: 'Calm.'
    });
    await collect(tuned, request('One.'));
    expect(fake.requests.at(-1)).toMatchObject({
      path: '/v1/audio/speech',
      headers: { authorization: `Bearer ${fake.apiKey}` },
      body: { model: 'tts-1', input: 'One.', voice: 'nova', response_format: 'pcm', instructions: 'Calm.' }
    });
    expect(fake.requests.at(-1)!.body).not.toHaveProperty('speed');
    await collect(tuned, request('Two.', { voice: 'coral', rate: 1.5, instructions: 'Brisk.' }));
    expect(fake.requests.at(-1)!.body).toEqual({
      model: 'tts-1',
      input: 'Two.',
      voice: 'coral',
      response_format: 'pcm',
      instructions: 'Brisk.',
      speed: 1.5
    });
    await collect(voice, request('Three.'));
    expect(fake.requests.at(-1)!.body).toEqual({
      model: 'gpt-4o-mini-tts',
      input: 'Three.',
      voice: 'alloy',
      response_format: 'pcm'
    });
  });

  it('yields the first audio long before the download ends', async () => {
    fake.setTiming({ ttsFirstByteMs: 0, ttsBytesPerSecond: 48_000 });
    const start = performance.now();
    let first = 0;
    let samples = 0;
    for await (const block of voice.synthesize(request('Hello, world!'))) {
      first ||= performance.now() - start;
      samples += block.length;
    }
    const total = performance.now() - start;
    expect(samples / SAMPLE_RATE).toBeCloseTo(1.55, 2);
    expect(total).toBeGreaterThan(1200);
    expect(first).toBeLessThan(400);
  });

  it('stops the download when aborted, without an error', async () => {
    fake.setTiming({ ttsFirstByteMs: 0, ttsBytesPerSecond: 48_000 });
    const controller = new AbortController();
    const blocks: Int16Array[] = [];
    const start = performance.now();
    for await (const block of voice.synthesize(request('Hello, world!', { signal: controller.signal }))) {
      blocks.push(block);
      controller.abort();
    }
    expect(blocks).toHaveLength(1);
    expect(performance.now() - start).toBeLessThan(800);
    await expect.poll(() => fake.requests.at(-1)?.aborted, { timeout: 3000 }).toBe(true);
  });

  it('stops the download when the listener stops early', async () => {
    fake.setTiming({ ttsFirstByteMs: 0, ttsBytesPerSecond: 48_000 });
    for await (const block of voice.synthesize(request('Hello, world!'))) {
      expect(block.length).toBeGreaterThan(0);
      break;
    }
    await expect.poll(() => fake.requests.at(-1)?.aborted, { timeout: 3000 }).toBe(true);
  });

  it('does not ask the service when already aborted or given nothing to say', async () => {
    const before = fake.requests.length;
    const controller = new AbortController();
    controller.abort();
    expect(await collect(voice, request('Hello', { signal: controller.signal }))).toEqual([]);
    expect(await collect(voice, request('  '))).toEqual([]);
    expect(fake.requests.length).toBe(before);
  });

  it.each([
    [401, 'The OpenAI voice refused the API key.', true],
    [429, 'The OpenAI voice is rate limited right now.', false],
    [500, 'The OpenAI voice is having problems (error 500).', false]
  ] as const)('turns status %i into a VoiceError', async (status, message, permanent) => {
    fake.inject('speech', { kind: 'status', status });
    await expect(collect(voice, request('Hello'))).rejects.toEqual(new VoiceError(message, permanent));
  });

  it('says a wrong key was refused, and passes on the service’s reason for a bad request', async () => {
    const wrongKey = createOpenAIVoice({ endpoint: fake.baseURL, key: 'sk-wrong', model: 'gpt-4o-mini-tts' });
    await expect(collect(wrongKey, request('Hello'))).rejects.toMatchObject({
      message: 'The OpenAI voice refused the API key.',
      permanent: true
    });
    await expect(collect(voice, request('x'.repeat(5000)))).rejects.toMatchObject({
      message: expect.stringMatching(/^The OpenAI voice refused the request: Invalid 'input': string too long/),
      permanent: true
    });
  });

  it('a retired model is said to be unavailable, with the service’s code for the caller', async () => {
    fake.setToday('2027-01-06');
    await expect(collect(voice, request('Hello'))).rejects.toMatchObject({
      name: 'VoiceError',
      message: 'The OpenAI voice’s model is not available.',
      permanent: true,
      code: 'model_not_found'
    });
  });

  it('reports a cut stream and an unreachable service as worth retrying', async () => {
    fake.inject('speech', { kind: 'cut-stream', afterChunks: 1 });
    const blocks: Int16Array[] = [];
    const error = await (async () => {
      for await (const block of voice.synthesize(request('Hello, world!'))) blocks.push(block);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VoiceError);
    expect(error).toMatchObject({ message: 'The OpenAI voice stopped mid-sentence.', permanent: false });
    expect(join(blocks).length).toBeLessThan(ttsPcm().length / 2);

    const port = await closedPort();
    const nowhere = createOpenAIVoice({
      endpoint: `http://127.0.0.1:${port}/v1`,
      key: 'sk-x',
      model: 'gpt-4o-mini-tts'
    });
    await expect(collect(nowhere, request('Hello'))).rejects.toMatchObject({
      name: 'VoiceError',
      message: 'Lumen could not reach the OpenAI voice.',
      permanent: false
    });
  });

  it('joins samples split across network chunks at odd bytes', async () => {
    const samples = Int16Array.from({ length: 501 }, (_, i) => (i * 131) % 30_000);
    const bytes = int16ToBytes(samples);
    const fetchImpl = (async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            for (let at = 0; at < bytes.length; at += 7) controller.enqueue(bytes.slice(at, at + 7));
            controller.close();
          }
        })
      )) as typeof fetch;
    const oddVoice = createOpenAIVoice({ endpoint: 'http://example.invalid/v1', key: 'k', model: 'tts-1', fetchImpl });
    expect(join(await collect(oddVoice, request('Hello')))).toEqual(samples);
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
