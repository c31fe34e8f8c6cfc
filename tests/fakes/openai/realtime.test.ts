import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from './index';
import { speechPcmFor } from './speech';
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

async function connect(f: FakeOpenAI = fake, model?: string): Promise<RawRealtime> {
  const rt = await RawRealtime.connect(f.realtimeURL, { apiKey: f.apiKey, ...(model ? { model } : {}) });
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

/** A response.create that asks the voice to read `text` aloud, outside the conversation. */
function readAloud(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'response.create',
    response: {
      conversation: 'none',
      output_modalities: ['audio'],
      instructions: 'Read the text aloud exactly.',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }],
      ...extra
    }
  };
}

function audioOf(rt: RawRealtime, responseId: string): Buffer {
  return Buffer.concat(
    rt.events
      .filter((e) => e.type === 'response.output_audio.delta' && e.response_id === responseId)
      .map((e) => Buffer.from(e.delta, 'base64'))
  );
}

function transcriptOf(rt: RawRealtime, responseId: string): string {
  return rt.events
    .filter((e) => e.type === 'response.output_audio_transcript.delta' && e.response_id === responseId)
    .map((e) => e.delta)
    .join('');
}

describe('out-of-band responses that read text aloud', () => {
  it('speaks the last input_text of response.input, not the conversation, with its metadata and voice', async () => {
    const rt = await connect(fake, 'gpt-realtime-2.1-mini');
    rt.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { turn_detection: null } } } });
    await rt.next('session.updated');
    rt.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'give me a long answer' }] }
    });
    await rt.next('conversation.item.done');

    const text = 'The bus to Leeds leaves at 5 past 9 from stop 12.';
    rt.send(
      readAloud(text, {
        metadata: { lumen: 's1' },
        audio: { output: { voice: 'cedar' } },
        input: [
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'not this one' }] },
          {
            type: 'message',
            role: 'user',
            content: [
              { type: 'input_text', text: 'nor this' },
              { type: 'input_text', text }
            ]
          }
        ]
      })
    );
    const created = await rt.next('response.created');
    expect(created.response).toMatchObject({
      status: 'in_progress',
      conversation_id: null,
      metadata: { lumen: 's1' },
      output_modalities: ['audio'],
      audio: { output: { voice: 'cedar' } }
    });
    const transcriptDone = await rt.next('response.output_audio_transcript.done');
    expect(transcriptDone.transcript).toBe(text);
    const done = await rt.next('response.done');
    expect(done.response).toMatchObject({ status: 'completed', metadata: { lumen: 's1' }, conversation_id: null });
    expect(done.response.output[0].content[0]).toEqual({ type: 'output_audio', transcript: text });
    expect(transcriptOf(rt, done.response.id)).toBe(text);
    expect(audioOf(rt, done.response.id).equals(speechPcmFor(text))).toBe(true);
    expect(done.response.usage.input_token_details.text_tokens).toBeGreaterThan(0);
    // Nothing was added to the conversation.
    const after = rt.events.slice(rt.events.indexOf(created));
    expect(after.some((e) => e.type === 'conversation.item.added')).toBe(false);

    // The conversation is still unanswered: a normal response answers it as before.
    rt.send({ type: 'response.create' });
    const answer = await rt.next('response.done');
    expect(answer.response.output[0].content[0].transcript).toMatch(/^Here is a longer answer/);
  });

  it('says what a rewording voice would say instead, audio sized for it', async () => {
    const own = await startFakeOpenAI();
    try {
      const rt = await connect(own, 'gpt-realtime-2.1-mini');
      own.setReword((t) => (t.includes('12') ? t.replace('12', 'twenty') : null));
      rt.send(readAloud('Take the lift to floor 12, please.', { metadata: { lumen: 'a' } }));
      const first = await rt.next('response.done');
      const said = 'Take the lift to floor twenty, please.';
      expect(first.response.output[0].content[0].transcript).toBe(said);
      expect(transcriptOf(rt, first.response.id)).toBe(said);
      expect(audioOf(rt, first.response.id).equals(speechPcmFor(said))).toBe(true);
      // null from the rewording function: read as given.
      rt.send(readAloud('Nothing to change here.'));
      const second = await rt.next('response.done');
      expect(second.response.output[0].content[0].transcript).toBe('Nothing to change here.');
    } finally {
      await own.close();
    }
  });

  it('allows one active response at a time, and refuses an input that is not a list', async () => {
    const own = await startFakeOpenAI({ timing: { realtimeAudioRealtimeFactor: 1 } });
    try {
      const rt = await connect(own, 'gpt-realtime-2.1-mini');
      rt.send(readAloud('A sentence long enough to take a few seconds to say out loud, at real time.'));
      const created = await rt.next('response.created');
      await rt.next('response.output_audio.delta');
      rt.send({ ...readAloud('Another one.'), event_id: 'evt_second' });
      expect((await rt.next('error')).error).toMatchObject({
        code: 'conversation_already_has_active_response',
        event_id: 'evt_second'
      });
      rt.send({ type: 'response.cancel', response_id: created.response.id });
      expect((await rt.next('response.done')).response.status).toBe('cancelled');
      rt.send({ type: 'response.create', response: { conversation: 'none', input: 'read this' } });
      expect((await rt.next('error')).error).toMatchObject({ code: 'invalid_type', param: 'response.input' });
    } finally {
      await own.close();
    }
  });
});

describe('transcription models in a realtime session', () => {
  const update = (model: string, extra: Record<string, unknown> = {}, eventId = 'evt_tr') => ({
    type: 'session.update',
    event_id: eventId,
    session: { type: 'realtime', ...extra, audio: { input: { transcription: { model, language: 'en' } } } }
  });
  const ALL = "'whisper-1', 'gpt-4o-transcribe', and 'gpt-4o-mini-transcribe'";

  it('accepts the three that caption speech in a voice session', async () => {
    const rt = await connect(fake, 'gpt-realtime-2.1-mini');
    for (const model of ['whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe']) {
      rt.send(update(model));
      const updated = await rt.next((e) => e.type === 'session.updated' || e.type === 'error');
      expect(updated.type).toBe('session.updated');
      expect(updated.session.audio.input.transcription).toEqual({ model, language: 'en' });
    }
    rt.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { transcription: null } } } });
    expect((await rt.next('session.updated')).session.audio.input.transcription).toBeNull();
  });

  it.each(['gpt-realtime-whisper', 'gpt-transcribe', 'gpt-nonsense'])(
    'refuses %s and leaves the whole session unchanged',
    async (model) => {
      const rt = await connect(fake, 'gpt-realtime-2.1-mini');
      rt.send(update(model, { instructions: 'Changed instructions.' }, `evt_${model}`));
      const error = await rt.next('error');
      expect(error.error).toEqual({
        type: 'invalid_request_error',
        code: 'invalid_value',
        param: 'session.audio.input.transcription.model',
        message: `Invalid value: '${model}'. Supported values are: ${ALL}.`,
        event_id: `evt_${model}`
      });
      rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['audio'] } });
      const updated = await rt.next('session.updated');
      expect(updated.session.instructions).not.toBe('Changed instructions.');
      expect(updated.session.audio.input.transcription).toBeNull();
      expect(rt.events.filter((e) => e.type === 'session.updated')).toHaveLength(1);
    }
  );

  it('lists only the ones still served, and none after their shutdown', async () => {
    const own = await startFakeOpenAI();
    try {
      own.setToday('2027-03-01');
      const rt = await connect(own, 'gpt-realtime-2.1-mini');
      for (const model of ['whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'gpt-realtime-whisper']) {
        rt.send(update(model));
        expect((await rt.next('error')).error).toMatchObject({
          code: 'invalid_value',
          param: 'session.audio.input.transcription.model',
          message: `Invalid value: '${model}'. Supported values are: none in this session.`,
          event_id: 'evt_tr'
        });
      }
      rt.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { transcription: null } } } });
      expect((await rt.next('session.updated')).session.audio.input.transcription).toBeNull();
      expect(rt.events.filter((e) => e.type === 'session.updated')).toHaveLength(1);
    } finally {
      await own.close();
    }
  });
});
