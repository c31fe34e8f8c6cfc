import { readFileSync } from 'node:fs';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, readSessionRecord } from './fixtures';
import { startFakeOpenAI, type FakeOpenAI } from './index';
import { appendInChunks, BEFORE_SHUTDOWNS, RawRealtime, weatherPcm } from './test-helpers';

/** Structure without values: keys (sorted) and leaf types; arrays by their first element. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, shape((v as Record<string, unknown>)[k])])
    );
  return v === null ? 'null' : typeof v;
}

function recordedSse(name: string): { lines: string[]; events: any[] } {
  const lines = readSessionRecord(name).Entries[0]!.ResponseBody as string[];
  const events = lines.filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)));
  return { lines, events };
}

async function rawPost(fake: FakeOpenAI, path: string, body: unknown, key = fake.apiKey): Promise<Response> {
  return fetch(`${fake.baseURL}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body)
  });
}

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ today: BEFORE_SHUTDOWNS });
});
afterAll(() => fake.close());

describe('shapes match the recorded real exchanges (tests/fixtures)', () => {
  it('streamed chat: chunk fields, usage chunk, framing and [DONE]', async () => {
    const recorded = recordedSse('StreamingStructuredRefusalWorks.json');
    const rec = readSessionRecord('StreamingStructuredRefusalWorks.json').Entries[0]!;
    const res = await rawPost(fake, '/chat/completions', rec.RequestBody);
    expect(res.headers.get('content-type')).toBe(rec.ResponseHeaders['Content-Type']);
    const wire = await res.text();
    // Same framing: every event is "data: …\n\n", the last is [DONE].
    expect(wire.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(recorded.lines.at(-1)).toBe('data: [DONE]\n\n');
    const events = wire
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map((e) => JSON.parse(e.slice(6)));
    const pick = (list: any[]) => ({
      first: list[0],
      content: list[1],
      finish: list.find((e) => e.choices[0]?.finish_reason),
      usage: list.find((e) => e.choices.length === 0)
    });
    const want = pick(recorded.events);
    const got = pick(events);
    for (const k of ['first', 'content', 'finish', 'usage'] as const) {
      expect(shape(got[k]), k).toEqual(shape(want[k]));
      // Field order too, since some clients (and humans reading logs) see it.
      expect(Object.keys(got[k]), k).toEqual(Object.keys(want[k]));
    }
    expect(got.first.choices[0].delta).toEqual(want.first.choices[0].delta);
    expect(got.finish.choices[0]).toEqual(want.finish.choices[0]);
    expect(got.first.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(got.first.model).toBe(want.first.model);
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
  });

  it('non-streamed chat completion', async () => {
    const rec = readSessionRecord('HelloWorldChat.json').Entries[0]!;
    const res = await rawPost(fake, '/chat/completions', rec.RequestBody);
    const body = await res.json();
    expect(shape(body)).toEqual(shape(rec.ResponseBody));
    expect(Object.keys(body)).toEqual(Object.keys(rec.ResponseBody as object));
    expect(body.model).toBe((rec.ResponseBody as { model: string }).model);
  });

  it('error JSON (401, 404, 429, 500) has the service error shape', async () => {
    const recorded = readSessionRecord('GetChatCompletionMessagesWithPagination.json').Entries.find(
      (e) => e.StatusCode === 404
    )!.ResponseBody;
    const bodies: unknown[] = [];
    bodies.push(
      await (await rawPost(fake, '/chat/completions', { model: 'gpt-4o-mini', messages: [] }, 'sk-bad')).json()
    );
    bodies.push(
      await (
        await rawPost(fake, '/chat/completions', { model: 'nope', messages: [{ role: 'user', content: 'x' }] })
      ).json()
    );
    fake.inject('chat', { kind: 'status', status: 429, retryAfterSeconds: 1 });
    bodies.push(await (await rawPost(fake, '/chat/completions', { model: 'gpt-4o-mini', messages: [] })).json());
    fake.inject('chat', { kind: 'status', status: 500 });
    bodies.push(await (await rawPost(fake, '/chat/completions', { model: 'gpt-4o-mini', messages: [] })).json());
    for (const b of bodies) expect(Object.keys((b as any).error)).toEqual(Object.keys((recorded as any).error));
    expect((bodies[0] as any).error.code).toBe('invalid_api_key');
  });

  it('transcription JSON and streamed transcription events', async () => {
    const client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.baseURL, maxRetries: 0 });
    const mp3 = readFileSync(fixturePath('audio_hello_world.mp3'));
    const plain = await client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(mp3, 'a.mp3') });
    expect(plain).toEqual(readSessionRecord('TranscriptionWorks(UsingFilePath).json').Entries[0]!.ResponseBody);
    const recorded = recordedSse('StreamingTranscriptionWorks(UsingFilePath).json').events;
    const stream = await client.audio.transcriptions.create({
      model: 'gpt-4o-mini-transcribe',
      file: await toFile(mp3, 'a.mp3'),
      stream: true
    });
    const got: any[] = [];
    for await (const e of stream) got.push(e);
    expect(shape(got[0])).toEqual(shape(recorded[0]));
    expect(shape(got.at(-1))).toEqual(shape(recorded.at(-1)));
  });

  it('speech SSE events', async () => {
    const recorded = recordedSse('StreamingSpeechWorks.json').events;
    const res = await rawPost(fake, '/audio/speech', {
      model: 'gpt-4o-mini-tts',
      input: 'Hello, world!',
      voice: 'alloy',
      stream_format: 'sse',
      response_format: 'pcm'
    });
    const wire = await res.text();
    const events = wire
      .split('\r\n\r\n')
      .filter((e) => e.startsWith('data: {'))
      .map((e) => JSON.parse(e.slice(6)));
    expect(shape(events[0])).toEqual(shape(recorded[0]));
    expect(shape(events.at(-1))).toEqual(shape(recorded.at(-1)));
  });

  it('Realtime session object and GA events match the captures', async () => {
    const md = readFileSync(fixturePath('realtime-ga-events.md'), 'utf8');
    const captured = new Map<string, any>();
    for (const m of md.matchAll(/## `([^`]+)`[^\n]*\n\n```json\n(.*?)\n```/gs)) captured.set(m[1]!, JSON.parse(m[2]!));
    expect(captured.size).toBeGreaterThanOrEqual(15);

    const rt = await RawRealtime.connect(fake.realtimeURL, { apiKey: fake.apiKey });
    try {
      const created = await rt.next('session.created');
      // Defaults equal the real session.created, apart from per-session ids and times.
      const strip = ({ id: _i, expires_at: _e, ...rest }: any) => rest;
      expect(strip(created.session)).toEqual(strip(captured.get('session.created').session));
      const token = readSessionRecord('CreateEphemeralToken.json').Entries[0]!.ResponseBody as any;
      expect(shape(created.session)).toEqual(shape(token.session));

      rt.send({ type: 'session.update', session: { type: 'realtime', instructions: 'Keep answers short.' } });
      await rt.next('session.updated');
      appendInChunks(rt, weatherPcm(500, 800).pcm);
      await rt.next('response.done');
      const firstOf = (type: string) => rt.events.find((e) => e.type === type);
      for (const [type, real] of captured) {
        const mine = firstOf(type);
        expect(mine, `fake emitted no ${type}`).toBeDefined();
        expect(shape(mine), type).toEqual(shape(real));
      }
    } finally {
      rt.close();
    }
  });
});
