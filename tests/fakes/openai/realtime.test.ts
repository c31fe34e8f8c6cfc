import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from './index';
import { appendInChunks, dataUrl, RawRealtime, solidJpeg, weatherPcm } from './test-helpers';

let fake: FakeOpenAI;
const open: RawRealtime[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  for (const rt of open) rt.close();
  await fake.close();
});

async function connect(f: FakeOpenAI = fake): Promise<RawRealtime> {
  const rt = await RawRealtime.connect(f.realtimeURL, { apiKey: f.apiKey });
  open.push(rt);
  await rt.next('session.created');
  return rt;
}

/** Speech region measured independently of the fake's VAD: first/last sample above 10% of the peak. */
function speechRegionMs(pcm: Buffer): { startMs: number; endMs: number } {
  let peak = 0;
  for (let i = 0; i < pcm.length; i += 2) peak = Math.max(peak, Math.abs(pcm.readInt16LE(i)));
  let first = -1,
    last = -1;
  for (let i = 0; i < pcm.length; i += 2) {
    if (Math.abs(pcm.readInt16LE(i)) > peak * 0.1) {
      if (first < 0) first = i / 2;
      last = i / 2;
    }
  }
  return { startMs: first / 24, endMs: last / 24 };
}

function textOfTextItem(ev: any): string {
  return ev.response.output[0].content[0].text ?? ev.response.output[0].content[0].transcript;
}

describe('GA Realtime over a raw WebSocket', () => {
  it('completes a turn from real recorded speech with VAD times on the audio timeline', async () => {
    const rt = await connect();
    rt.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 500 } } }
      }
    });
    const updated = await rt.next('session.updated');
    expect(updated.session.audio.input.turn_detection).toMatchObject({
      type: 'server_vad',
      silence_duration_ms: 500,
      prefix_padding_ms: 300,
      create_response: true
    });

    const { pcm, speech } = weatherPcm(1000, 1000);
    const region = speechRegionMs(speech);
    appendInChunks(rt, pcm);

    const started = await rt.next('input_audio_buffer.speech_started');
    const stopped = await rt.next('input_audio_buffer.speech_stopped');
    // audio_start_ms includes the 300 ms prefix padding; audio_end_ms includes the 500 ms silence.
    expect(Math.abs(started.audio_start_ms + 300 - (1000 + region.startMs))).toBeLessThanOrEqual(100);
    expect(Math.abs(stopped.audio_end_ms - 500 - (1000 + region.endMs))).toBeLessThanOrEqual(100);
    expect(stopped.item_id).toBe(started.item_id);

    const committed = await rt.next('input_audio_buffer.committed');
    expect(committed).toMatchObject({ item_id: started.item_id, previous_item_id: null });
    const added = await rt.next('conversation.item.added');
    expect(added.item).toMatchObject({
      id: started.item_id,
      role: 'user',
      content: [{ type: 'input_audio', transcript: null }]
    });
    await rt.next('conversation.item.done');

    const created = await rt.next('response.created');
    expect(created.response).toMatchObject({ object: 'realtime.response', status: 'in_progress', output: [] });
    const done = await rt.next('response.done');
    const deltas = rt.events
      .filter((e) => e.type === 'response.output_audio.delta')
      .map((e) => Buffer.from(e.delta, 'base64'));
    const transcript = rt.events
      .filter((e) => e.type === 'response.output_audio_transcript.delta')
      .map((e) => e.delta)
      .join('');
    expect(deltas.length).toBeGreaterThan(3);
    expect(done.response.status).toBe('completed');
    expect(done.response.output[0].content[0]).toEqual({ type: 'output_audio', transcript });
    expect(transcript).toMatch(/^I heard about \d\.\d seconds of speech\.$/);
    expect(done.response.usage.input_token_details.audio_tokens).toBeGreaterThan(0);
    const order = rt.events.map((e) => e.type).filter((t) => t.startsWith('response.') && !t.endsWith('.delta'));
    expect(order).toEqual([
      'response.created',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_audio.done',
      'response.output_audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.done'
    ]);
    expect(rt.events.every((e) => /^event_[A-Za-z0-9]{21}$/.test(e.event_id))).toBe(true);
  });

  it('cancels a response mid-way and truncates the heard audio', async () => {
    const own = await startFakeOpenAI({ timing: { realtimeAudioRealtimeFactor: 1 } });
    try {
      const rt = await connect(own);
      rt.send({
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'give me a long answer' }] }
      });
      rt.send({ type: 'response.create' });
      const first = await rt.next('response.output_audio.delta');
      rt.send({ type: 'response.create' });
      const busy = await rt.next('error');
      expect(busy.error).toMatchObject({
        type: 'invalid_request_error',
        code: 'conversation_already_has_active_response'
      });
      await rt.next('response.output_audio.delta');
      rt.send({ type: 'response.cancel' });
      const done = await rt.next('response.done');
      expect(done.response.status).toBe('cancelled');
      expect(done.response.status_details).toEqual({ type: 'cancelled', reason: 'client_cancelled' });
      const audioDeltas = rt.events.filter((e) => e.type === 'response.output_audio.delta').length;
      expect(audioDeltas).toBeLessThan(50); // the long answer is ~25 s of audio in 100 ms deltas

      rt.send({ type: 'conversation.item.truncate', item_id: first.item_id, content_index: 0, audio_end_ms: 150 });
      expect(await rt.next('conversation.item.truncated')).toMatchObject({
        item_id: first.item_id,
        content_index: 0,
        audio_end_ms: 150
      });
      rt.send({ type: 'conversation.item.truncate', item_id: first.item_id, content_index: 0, audio_end_ms: 60_000 });
      expect((await rt.next('error')).error).toMatchObject({ param: 'audio_end_ms' });
      rt.send({ type: 'response.cancel', event_id: 'evt_client_1' });
      expect((await rt.next('error')).error).toMatchObject({
        code: 'response_cancel_not_active',
        event_id: 'evt_client_1'
      });
    } finally {
      await own.close();
    }
  });

  it('answers an input_image from its pixels, in text mode', async () => {
    const rt = await connect();
    rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
    await rt.next('session.updated');
    const jpeg = await solidJpeg(640, 480, [200, 30, 30]);
    rt.send({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'What is this?' },
          { type: 'input_image', image_url: dataUrl(jpeg) }
        ]
      }
    });
    const added = await rt.next('conversation.item.added');
    expect(added.item.content[1].type).toBe('input_image');
    rt.send({ type: 'response.create' });
    const done = await rt.next('response.done');
    const text = rt.events
      .filter((e) => e.type === 'response.output_text.delta')
      .map((e) => e.delta)
      .join('');
    expect(text).toMatch(/^A 640×480 image, mostly red/);
    expect(textOfTextItem(done)).toBe(text);
    expect(done.response.usage.input_token_details.image_tokens).toBeGreaterThan(0);
    expect(rt.events.some((e) => e.type === 'response.output_audio.delta')).toBe(false);
  });

  it('emits a requested function call and accepts its output', async () => {
    const own = await startFakeOpenAI();
    try {
      const rt = await connect(own);
      rt.send({
        type: 'session.update',
        session: {
          type: 'realtime',
          tools: [{ type: 'function', name: 'describe_screen', parameters: { type: 'object', properties: {} } }]
        }
      });
      await rt.next('session.updated');
      own.requestFunctionCall('describe_screen', { detail: 'brief' });
      rt.send({ type: 'response.create' });
      const argsDone = await rt.next('response.function_call_arguments.done');
      expect(argsDone).toMatchObject({ name: 'describe_screen', arguments: '{"detail":"brief"}' });
      const done = await rt.next('response.done');
      expect(done.response.output[0]).toMatchObject({
        type: 'function_call',
        status: 'completed',
        call_id: argsDone.call_id
      });
      rt.send({
        type: 'conversation.item.create',
        item: { type: 'function_call_output', call_id: argsDone.call_id, output: 'A text editor.' }
      });
      await rt.next('conversation.item.done');
      rt.send({ type: 'response.create' });
      const second = await rt.next('response.done');
      expect(second.response.output[0].content[0].transcript).toBe('The function returned: A text editor.');
    } finally {
      await own.close();
    }
  });

  it('reports misuse with the service error events', async () => {
    const rt = await connect();
    rt.send({ type: 'response.bogus', event_id: 'evt_1' });
    expect((await rt.next('error')).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_value',
      param: 'type',
      event_id: 'evt_1'
    });
    rt.send({ type: 'input_audio_buffer.commit' });
    expect((await rt.next('error')).error.code).toBe('input_audio_buffer_commit_empty');
    rt.send({ type: 'conversation.item.truncate', item_id: 'item_nope', content_index: 0, audio_end_ms: 0 });
    expect((await rt.next('error')).error.param).toBe('item_id');
    rt.send({ type: 'session.update', session: { instructions: 'x' } });
    expect((await rt.next('error')).error).toMatchObject({ code: 'missing_required_parameter', param: 'session.type' });
    expect(fake.realtimeEvents.some((r) => r.event.type === 'response.bogus')).toBe(true);
  });

  it('commits manually with turn detection off, and takes the key as a browser subprotocol', async () => {
    const rt = await RawRealtime.connect(fake.realtimeURL, {
      protocols: ['realtime', `openai-insecure-api-key.${fake.apiKey}`]
    });
    open.push(rt);
    expect(rt.ws.protocol).toBe('realtime');
    await rt.next('session.created');
    rt.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { turn_detection: null } } } });
    expect((await rt.next('session.updated')).session.audio.input.turn_detection).toBeNull();
    appendInChunks(rt, weatherPcm(0, 0).pcm);
    rt.send({ type: 'input_audio_buffer.commit' });
    await rt.next('input_audio_buffer.committed');
    rt.send({ type: 'response.create', response: { output_modalities: ['text'], metadata: { turn: '1' } } });
    const done = await rt.next('response.done');
    expect(done.response.metadata).toEqual({ turn: '1' });
    expect(rt.events.some((e) => e.type === 'input_audio_buffer.speech_started')).toBe(false);
  });

  it('cancels an active response when the user starts speaking (interrupt_response)', async () => {
    const own = await startFakeOpenAI({ timing: { realtimeAudioRealtimeFactor: 1 } });
    try {
      const rt = await connect(own);
      own.setReply('This reply is long enough to still be playing when the user talks over it, for several seconds.');
      rt.send({ type: 'response.create' });
      await rt.next('response.output_audio.delta');
      appendInChunks(rt, weatherPcm(200, 0).pcm);
      await rt.next('input_audio_buffer.speech_started');
      const done = await rt.next('response.done');
      expect(done.response.status_details).toEqual({ type: 'cancelled', reason: 'turn_detected' });
    } finally {
      await own.close();
    }
  });
});
