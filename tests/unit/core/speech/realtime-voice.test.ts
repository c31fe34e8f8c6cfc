import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { int16ToBytes } from '../../../../src/core/audio/pcm';
import type { RealtimeUsage } from '../../../../src/core/conversation/usage';
import {
  createRealtimeVoice,
  READER_INSTRUCTIONS,
  type RealtimeVoiceOptions
} from '../../../../src/core/speech/realtime-voice';
import { VoiceError } from '../../../../src/core/speech/voice';
import { SAMPLE_RATE } from '../../../../src/shared/audio-frames';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { speechPcmFor } from '../../../fakes/openai/speech';
import { collect, request } from './synthesis';

const MODEL = 'gpt-realtime-2.1-mini';

let fake: FakeOpenAI;
const fakes: FakeOpenAI[] = [];
const voices: Array<{ close(): void }> = [];

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterEach(() => {
  for (const v of voices.splice(0)) v.close();
  fake.setReword(null);
});
afterAll(async () => {
  await Promise.all([fake.close(), ...fakes.map((f) => f.close())]);
});

async function ownFake(options: Parameters<typeof startFakeOpenAI>[0] = {}): Promise<FakeOpenAI> {
  const f = await startFakeOpenAI(options);
  fakes.push(f);
  return f;
}

function newVoice(f: FakeOpenAI, extra: Partial<RealtimeVoiceOptions> = {}) {
  const voice = createRealtimeVoice({
    endpoint: f.baseURL,
    key: async () => f.apiKey,
    model: MODEL,
    voice: 'cedar',
    ...extra
  });
  voices.push(voice);
  return voice;
}

const bytesOf = (blocks: Int16Array[]): Buffer => Buffer.concat(blocks.map((b) => Buffer.from(int16ToBytes(b))));
const upgrades = (f: FakeOpenAI) => f.requests.filter((r) => r.path === '/v1/realtime').length;
const sent = (f: FakeOpenAI, type: string) => f.realtimeEvents.filter((r) => r.event.type === type);

/** A clock whose timers run only when the test says so. */
function manualClock() {
  interface Timer {
    fn: () => void;
    ms: number;
    cleared: boolean;
    fired: boolean;
  }
  const timers: Timer[] = [];
  return {
    clock: {
      setTimeout(fn: () => void, ms: number): unknown {
        const timer: Timer = { fn, ms, cleared: false, fired: false };
        timers.push(timer);
        return timer;
      },
      clearTimeout(handle: unknown) {
        (handle as Timer).cleared = true;
      }
    },
    timers,
    live: () => timers.filter((t) => !t.cleared && !t.fired),
    fire(timer: Timer) {
      timer.fired = true;
      timer.fn();
    }
  };
}

describe('the OpenAI voice over the Realtime API', () => {
  it('says a sentence: the service’s audio as it arrives, one session.update, one out-of-band response', async () => {
    const own = await ownFake();
    const usage: RealtimeUsage[] = [];
    const voice = newVoice(own, { onUsage: (u) => usage.push(u) });
    const text = 'The next train to Leeds leaves from platform 4.';
    const blocks = await collect(voice, request(text));
    expect(blocks.length).toBeGreaterThan(3);
    expect(bytesOf(blocks).equals(speechPcmFor(text))).toBe(true);

    expect(own.realtimeEvents.map((r) => r.event.type)).toEqual(['session.update', 'response.create']);
    expect(own.requests.find((r) => r.path === '/v1/realtime')?.query.model).toBe(MODEL);
    expect(sent(own, 'session.update')[0]!.event.session).toEqual({
      type: 'realtime',
      output_modalities: ['audio'],
      instructions: READER_INSTRUCTIONS,
      audio: {
        input: { turn_detection: null, transcription: null },
        output: { format: { type: 'audio/pcm', rate: SAMPLE_RATE }, voice: 'cedar', speed: 1 }
      }
    });
    const create = sent(own, 'response.create')[0]!.event;
    expect(create.response).toEqual({
      conversation: 'none',
      output_modalities: ['audio'],
      instructions: READER_INSTRUCTIONS,
      metadata: { lumen: expect.any(String) },
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }]
    });
    expect(READER_INSTRUCTIONS).toMatch(/word for word/);
    expect(READER_INSTRUCTIONS).toMatch(/language of the text/);
    expect(READER_INSTRUCTIONS).toMatch(/never respond/);
    expect(usage).toHaveLength(1);
    expect(usage[0]!.output.audio).toBeGreaterThan(0);
  });

  it('says sentences back to back on one socket, each asked for when the one before is done', async () => {
    // Paced audio, so the second sentence comes (as the speech service prefetches it) while the
    // service is still making the first: the service allows only one response at a time.
    const own = await ownFake({ timing: { realtimeAudioRealtimeFactor: 2 } });
    const voice = newVoice(own);
    const first = 'First sentence.';
    const second = 'And here is the second one.';
    const firstBlocks = collect(voice, request(first));
    await expect.poll(() => sent(own, 'response.create').length).toBe(1);
    const secondBlocks = collect(voice, request(second));
    const [a, b] = await Promise.all([firstBlocks, secondBlocks]);
    expect(bytesOf(a).equals(speechPcmFor(first))).toBe(true);
    expect(bytesOf(b).equals(speechPcmFor(second))).toBe(true);
    const c = await collect(voice, request('A third.'));
    expect(bytesOf(c).equals(speechPcmFor('A third.'))).toBe(true);

    expect(upgrades(own)).toBe(1);
    expect(new Set(own.realtimeEvents.map((r) => r.sessionId)).size).toBe(1);
    expect(sent(own, 'response.create').map((r) => r.event.response.input[0].content[0].text)).toEqual([
      first,
      second,
      'A third.'
    ]);
    expect(sent(own, 'session.update')).toHaveLength(1);
  });

  it('tells the session a new speed only when the speed changes', async () => {
    const voice = newVoice(fake);
    const before = sent(fake, 'session.update').length;
    await collect(voice, request('One.', { rate: 1.2 }));
    await collect(voice, request('Two.', { rate: 1.2 }));
    await collect(voice, request('Three.', { rate: 3 }));
    const updates = sent(fake, 'session.update').slice(before);
    expect(updates.map((r) => r.event.session.audio.output.speed)).toEqual([1.2, 1.5]);
    // The new speed goes out just before the sentence that needs it.
    const mine = fake.realtimeEvents.filter((r) => r.sessionId === updates[0]!.sessionId).map((r) => r.event.type);
    expect(mine).toEqual(['session.update', 'response.create', 'response.create', 'session.update', 'response.create']);
  });

  it('warm() opens the socket before the first sentence', async () => {
    const own = await ownFake();
    const { clock, live } = manualClock();
    const voice = newVoice(own, { clock, idleCloseMs: 5000 });
    voice.warm();
    voice.warm();
    await expect.poll(() => sent(own, 'session.update').length).toBe(1);
    expect(upgrades(own)).toBe(1);
    expect(sent(own, 'response.create')).toHaveLength(0);
    // Opened ahead, it also closes if nothing is said.
    await expect.poll(() => live().map((t) => t.ms)).toEqual([5000]);

    const blocks = await collect(voice, request('Ready when you are.'));
    expect(bytesOf(blocks).equals(speechPcmFor('Ready when you are.'))).toBe(true);
    expect(upgrades(own)).toBe(1);
    expect(own.realtimeEvents.map((r) => r.event.type)).toEqual(['session.update', 'response.create']);
  });

  it('closes the socket after the idle time without a sentence, not before, and opens a new one when needed', async () => {
    const own = await ownFake();
    const { clock, live, fire } = manualClock();
    const voice = newVoice(own, { clock, idleCloseMs: 5000 });
    await collect(voice, request('One.'));
    const [afterFirst] = live();
    expect(afterFirst?.ms).toBe(5000);
    expect(live()).toHaveLength(1);

    // A sentence before the idle time is up: the same socket, and the quiet time starts again.
    await collect(voice, request('Two.'));
    expect(afterFirst!.cleared).toBe(true);
    expect(upgrades(own)).toBe(1);
    const [afterSecond] = live();
    expect(afterSecond?.ms).toBe(5000);

    fire(afterSecond!);
    const blocks = await collect(voice, request('Three.'));
    expect(bytesOf(blocks).equals(speechPcmFor('Three.'))).toBe(true);
    expect(upgrades(own)).toBe(2);
    const sessions = [...new Set(own.realtimeEvents.map((r) => r.sessionId))];
    expect(sessions).toHaveLength(2);
    expect(own.realtimeEvents.filter((r) => r.sessionId === sessions[1]).map((r) => r.event.type)).toEqual([
      'session.update',
      'response.create'
    ]);
  });

  it('stops at once when aborted mid-sentence, cancels the response, and the next sentence still works', async () => {
    const own = await ownFake({ timing: { realtimeAudioRealtimeFactor: 1 } });
    const voice = newVoice(own);
    const long =
      'This sentence is long enough to take several seconds to say, so there is plenty of time to stop it part way through.';
    const controller = new AbortController();
    const blocks: Int16Array[] = [];
    const started = performance.now();
    for await (const block of voice.synthesize(request(long, { signal: controller.signal }))) {
      blocks.push(block);
      controller.abort();
    }
    expect(blocks).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2000);
    await expect.poll(() => sent(own, 'response.cancel').length).toBe(1);
    const cancel = sent(own, 'response.cancel')[0]!.event;
    expect(cancel.response_id).toMatch(/^resp_/);

    own.setTiming({ realtimeAudioRealtimeFactor: 0 });
    const next = await collect(voice, request('Still here.'));
    expect(bytesOf(next).equals(speechPcmFor('Still here.'))).toBe(true);
    expect(upgrades(own)).toBe(1);
  });

  it('never asks for a sentence aborted while it waited its turn', async () => {
    const own = await ownFake({ timing: { realtimeAudioRealtimeFactor: 2 } });
    const voice = newVoice(own);
    const waiting = new AbortController();
    const first = collect(voice, request('The first sentence takes a moment.'));
    const second = collect(voice, request('Never said.', { signal: waiting.signal }));
    await expect.poll(() => sent(own, 'response.create').length).toBe(1);
    waiting.abort();
    expect(await second).toEqual([]);
    await first;
    const third = await collect(voice, request('Said.'));
    expect(bytesOf(third).equals(speechPcmFor('Said.'))).toBe(true);
    expect(sent(own, 'response.create').map((r) => r.event.response.input[0].content[0].text)).toEqual([
      'The first sentence takes a moment.',
      'Said.'
    ]);
  });

  it('checks what the voice said: a changed number is said again by the exact voice, after the voice’s audio', async () => {
    const checks: unknown[] = [];
    const reread: string[] = [];
    const exact = Int16Array.from([11, 22, 33, 44]);
    const voice = newVoice(fake, {
      onReadBack: (c) => checks.push(c),
      reread: async function* (text) {
        reread.push(text);
        yield exact;
      }
    });
    fake.setReword((t) => t.replace('12', 'twenty'));
    const text = 'Take the lift to floor 12.';
    const said = 'Take the lift to floor twenty.';
    const blocks = await collect(voice, request(text));
    expect(blocks.at(-1)).toEqual(exact);
    expect(bytesOf(blocks.slice(0, -1)).equals(speechPcmFor(said))).toBe(true);
    expect(reread).toEqual([text]);
    expect(checks).toEqual([{ text, heard: said, differed: true, repeated: true }]);

    // The same number in other words is fine.
    fake.setReword((t) => t.replace('12', 'twelve'));
    await collect(voice, request(text));
    expect(checks.at(-1)).toEqual({ text, heard: 'Take the lift to floor twelve.', differed: false, repeated: false });
    expect(reread).toHaveLength(1);
  });

  it('notes a sentence said in other words, but does not say it again when numbers and names are the same', async () => {
    const checks: unknown[] = [];
    let rereads = 0;
    const voice = newVoice(fake, {
      onReadBack: (c) => checks.push(c),
      reread: async function* () {
        rereads++;
        yield new Int16Array(10);
      }
    });
    fake.setReword((t) => (t === 'Take the lift to Leeds, please.' ? 'Please take the lift to Leeds.' : null));
    const blocks = await collect(voice, request('Take the lift to Leeds, please.'));
    expect(bytesOf(blocks).equals(speechPcmFor('Please take the lift to Leeds.'))).toBe(true);
    expect(checks).toEqual([
      {
        text: 'Take the lift to Leeds, please.',
        heard: 'Please take the lift to Leeds.',
        differed: true,
        repeated: false
      }
    ]);
    await collect(voice, request('Said as written.'));
    expect(checks.at(-1)).toEqual({
      text: 'Said as written.',
      heard: 'Said as written.',
      differed: false,
      repeated: false
    });
    expect(rereads).toBe(0);
  });

  it('says a refused key is refused, for good', async () => {
    const voice = newVoice(fake, { key: async () => 'sk-wrong-key' });
    const error = await collect(voice, request('Hello.')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VoiceError);
    expect(error).toMatchObject({ message: 'The OpenAI voice refused the API key.', permanent: true });
  });

  it('says a key refused by a close (3000) is refused, for good', async () => {
    const own = await ownFake();
    own.inject('realtime', { kind: 'ws-close', code: 3000, after: 'session.update', reason: 'invalid_api_key' });
    const voice = newVoice(own);
    await expect(collect(voice, request('Hello.'))).rejects.toMatchObject({
      name: 'VoiceError',
      message: 'The OpenAI voice refused the API key.',
      permanent: true
    });
  });

  it('says so when no key is set, without touching the network', async () => {
    const own = await ownFake();
    const voice = newVoice(own, { key: async () => undefined });
    await expect(collect(voice, request('Hello.'))).rejects.toMatchObject({
      name: 'VoiceError',
      message: 'No API key is set.',
      permanent: true
    });
    expect(own.requests).toHaveLength(0);
  });

  it('says a retired model is not available, with the service’s code', async () => {
    const own = await ownFake();
    own.setToday('2027-02-01');
    const voice = newVoice(own, { model: 'gpt-realtime-mini' });
    const error = await collect(voice, request('Hello.')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VoiceError);
    expect(error).toMatchObject({
      message: 'The OpenAI voice model gpt-realtime-mini is not available.',
      permanent: true,
      code: 'model_not_found'
    });
  });

  it('says when the service cannot be reached, as worth trying again', async () => {
    const port = await closedPort();
    const voice = createRealtimeVoice({
      endpoint: `http://127.0.0.1:${port}/v1`,
      key: async () => 'sk-x',
      model: MODEL,
      voice: 'alloy'
    });
    voices.push(voice);
    await expect(collect(voice, request('Hello.'))).rejects.toMatchObject({
      name: 'VoiceError',
      message: 'Lumen could not reach the OpenAI voice.',
      permanent: false
    });
  });

  it('fails a sentence cut off by a dropped socket, and the next sentence reconnects', async () => {
    const own = await ownFake();
    own.inject('realtime', { kind: 'cut-stream', afterChunks: 2 });
    const voice = newVoice(own);
    const text = 'A sentence that is cut off part way through by the network.';
    const blocks: Int16Array[] = [];
    const error = await (async () => {
      for await (const block of voice.synthesize(request(text))) blocks.push(block);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VoiceError);
    expect(error).toMatchObject({ message: 'The OpenAI voice stopped mid-sentence.', permanent: false });
    expect(bytesOf(blocks).length).toBeLessThan(speechPcmFor(text).length);

    const next = await collect(voice, request('Back again.'));
    expect(bytesOf(next).equals(speechPcmFor('Back again.'))).toBe(true);
    expect(upgrades(own)).toBe(2);
  });

  it('fails a sentence the service answers with an error, as worth trying again', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    server.on('connection', (ws) => {
      ws.on('message', (data) => {
        const event = JSON.parse(data.toString());
        if (event.type !== 'response.create') return;
        ws.send(
          JSON.stringify({
            type: 'error',
            event_id: 'event_1',
            error: {
              type: 'server_error',
              code: 'server_error',
              message: 'boom',
              param: null,
              event_id: event.event_id
            }
          })
        );
      });
    });
    try {
      const { port } = server.address() as { port: number };
      const voice = newVoice(fake, { endpoint: `http://127.0.0.1:${port}/v1` });
      await expect(collect(voice, request('Hello.'))).rejects.toMatchObject({ name: 'VoiceError', permanent: false });
      // The socket is free again: the next sentence is asked for (and refused the same way).
      await expect(collect(voice, request('Again.'))).rejects.toMatchObject({ name: 'VoiceError', permanent: false });
      expect(server.clients.size).toBe(1);
    } finally {
      for (const ws of server.clients) ws.terminate();
      await new Promise((resolve) => server.close(resolve));
    }
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
