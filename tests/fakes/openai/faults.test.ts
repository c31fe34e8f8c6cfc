import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from './index';
import { BEFORE_SHUTDOWNS, RawRealtime } from './test-helpers';

// Each test owns its server, so faults never leak between tests running in parallel.
let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(maxRetries = 0): Promise<{ f: FakeOpenAI; client: OpenAI }> {
  fake = await startFakeOpenAI({ today: BEFORE_SHUTDOWNS });
  return { f: fake, client: new OpenAI({ apiKey: fake.apiKey, baseURL: fake.baseURL, maxRetries }) };
}

const ask = (client: OpenAI) =>
  client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });

describe('fault injection, observed through the SDK or a raw client', () => {
  it('429 with retry-after: the SDK sees RateLimitError, and a retrying SDK waits and succeeds', async () => {
    const { f, client } = await setup(0);
    f.inject('chat', { kind: 'status', status: 429, retryAfterSeconds: 1 });
    const err = await ask(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('1');
    expect((err as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('rate_limit_exceeded');

    f.inject('chat', { kind: 'status', status: 429, retryAfterSeconds: 1 });
    const retrying = new OpenAI({ apiKey: f.apiKey, baseURL: f.baseURL, maxRetries: 1 });
    const t0 = Date.now();
    const ok = await ask(retrying);
    expect(ok.choices[0]!.message.content).toBe('You said: hi');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(f.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(3);
  });

  it('500 reaches the SDK as InternalServerError, only for the injected number of requests', async () => {
    const { f, client } = await setup(0);
    f.inject('speech', { kind: 'status', status: 500 }, 2);
    for (let i = 0; i < 2; i++) {
      await expect(
        client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'x', response_format: 'pcm' })
      ).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    }
    const ok = await client.audio.speech.create({
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
      input: 'x',
      response_format: 'pcm'
    });
    expect((await ok.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('a stream cut mid-way breaks the SDK stream after the first chunks', async () => {
    const { f, client } = await setup(0);
    f.inject('chat', { kind: 'cut-stream', afterChunks: 3 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'a long answer' }]
    });
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const c of stream) got.push(c.choices[0]?.delta.content ?? '');
      })()
    ).rejects.toThrow();
    expect(got.length).toBe(3);
    // A cut TTS body: the SDK's response body errors before the audio is complete.
    f.inject('speech', { kind: 'cut-stream', afterChunks: 1 });
    const res = await client.audio.speech.create({
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
      input: 'Hello, world!',
      response_format: 'pcm'
    });
    await expect(res.arrayBuffer()).rejects.toThrow();
  });

  it('a slow first byte delays the response, and the timing profile throttles streaming', async () => {
    const { f, client } = await setup(0);
    f.inject('chat', { kind: 'delay', stage: 'headers', ms: 400 });
    let t0 = Date.now();
    await ask(client);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);

    f.inject('speech', { kind: 'delay', stage: 'tts-first-byte', ms: 300 });
    t0 = Date.now();
    const res = await client.audio.speech.create({
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
      input: 'x',
      response_format: 'pcm'
    });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    await res.arrayBuffer();

    f.setTiming({ chatFirstTokenMs: 200, chatTokensPerSecond: 100 });
    t0 = Date.now();
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'one two three four five six' }]
    });
    let firstTokenAt = 0;
    let tokens = 0;
    for await (const c of stream) {
      if (c.choices[0]?.delta.content) {
        tokens++;
        firstTokenAt ||= Date.now() - t0;
      }
    }
    const total = Date.now() - t0;
    expect(firstTokenAt).toBeGreaterThanOrEqual(190);
    expect(total).toBeGreaterThanOrEqual(200 + ((tokens - 1) / 100) * 1000 - 20);
  });

  it('a wrong key gets the service 401 over HTTP and the WebSocket handshake', async () => {
    const { f } = await setup(0);
    const wrong = new OpenAI({ apiKey: 'sk-wrong-key-0000', baseURL: f.baseURL, maxRetries: 0 });
    const err = await ask(wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as InstanceType<typeof OpenAI.AuthenticationError>).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      param: null
    });
    await expect(RawRealtime.connect(f.realtimeURL, { apiKey: 'sk-wrong' })).rejects.toMatchObject({ status: 401 });
    await expect(RawRealtime.connect(f.realtimeURL, {})).rejects.toMatchObject({ status: 401 });
  });

  for (const code of [1001, 3000] as const) {
    it(`WebSocket close ${code} with a reason, at the chosen moment`, async () => {
      const { f } = await setup();
      f.inject('realtime', { kind: 'ws-close', code, after: 'session.update', reason: 'going away' });
      const rt = await RawRealtime.connect(f.realtimeURL, { apiKey: f.apiKey });
      await rt.next('session.created');
      rt.send({ type: 'session.update', session: { type: 'realtime' } });
      expect(await rt.waitClosed()).toEqual({ code, reason: 'going away' });
      expect(rt.events.some((e) => e.type === 'session.updated')).toBe(false);
    });
  }

  it('WebSocket 1006: the TCP socket dies without a close frame once a response starts', async () => {
    const { f } = await setup();
    f.inject('realtime', { kind: 'ws-close', code: 1006, after: 'response-started' });
    const rt = await RawRealtime.connect(f.realtimeURL, { apiKey: f.apiKey });
    rt.send({ type: 'response.create' });
    expect((await rt.waitClosed()).code).toBe(1006);
    expect(rt.events.map((e) => e.type)).toContain('response.output_audio.delta');
    expect(rt.events.map((e) => e.type)).not.toContain('response.done');
    // The next connection is healthy again.
    const again = await RawRealtime.connect(f.realtimeURL, { apiKey: f.apiKey });
    await again.next('session.created');
    again.close();
  });

  it('a rate-limited Realtime handshake is refused with 429 and retry-after', async () => {
    const { f } = await setup();
    f.inject('realtime', { kind: 'status', status: 429, retryAfterSeconds: 2 });
    await expect(RawRealtime.connect(f.realtimeURL, { apiKey: f.apiKey })).rejects.toMatchObject({
      status: 429,
      headers: { 'retry-after': '2' }
    });
  });
  it('Realtime: a response delay and a cut mid-response are observable on the wire', async () => {
    const { f } = await setup();
    f.inject('realtime', { kind: 'delay', stage: 'realtime-response', ms: 300 });
    const rt = await RawRealtime.connect(f.realtimeURL, { apiKey: f.apiKey });
    rt.send({ type: 'response.create' });
    await rt.next('response.created');
    const t0 = Date.now();
    await rt.next('response.output_audio.delta');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    await rt.next('response.done');
    rt.close();

    f.inject('realtime', { kind: 'cut-stream', afterChunks: 2 });
    const cut = await RawRealtime.connect(f.realtimeURL, { apiKey: f.apiKey });
    cut.send({ type: 'response.create' });
    expect((await cut.waitClosed()).code).toBe(1006);
    expect(cut.events.filter((e) => e.type === 'response.output_audio.delta').length).toBeLessThanOrEqual(2);
  });
});
