import { ROLE_CANDIDATES } from '../../../../src/core/models/table';
import type { RealtimeError } from 'openai/resources/realtime/realtime';
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  buildSession,
  heardPart,
  realtimeInstructions,
  realtimeUrl,
  replayItems,
  sessionConfigFromSettings,
  type ReplayEntry
} from '../../../../src/core/conversation';
import { RealtimeHandshakeError } from '../../../../src/core/conversation/client';
import {
  classifyClose,
  classifyHandshake,
  classifyServerError,
  isTranscriptionRefusal,
  SPOKEN
} from '../../../../src/core/conversation/errors';
import { lookReply, parseLookArguments } from '../../../../src/core/conversation/look';
import { usageFromResponse } from '../../../../src/core/conversation/usage';
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings';
import { seededRandom } from '../../../seeded-random';
import { CONFIG } from './helpers';

describe('realtimeUrl', () => {
  it('derives the WebSocket address from the base URL', () => {
    expect(realtimeUrl('https://api.openai.com/v1', 'gpt-realtime-2.1-mini')).toBe(
      'wss://api.openai.com/v1/realtime?model=gpt-realtime-2.1-mini'
    );
    expect(realtimeUrl('http://127.0.0.1:8787/v1/', 'gpt-realtime-2.1')).toBe(
      'ws://127.0.0.1:8787/v1/realtime?model=gpt-realtime-2.1'
    );
    expect(realtimeUrl('https://example.com/openai/v1', 'gpt-realtime-mini')).toBe(
      'wss://example.com/openai/v1/realtime?model=gpt-realtime-mini'
    );
    expect(realtimeUrl('https://host.example/v1?api-version=2025-08-28', 'gpt-realtime')).toBe(
      'wss://host.example/v1/realtime?api-version=2025-08-28&model=gpt-realtime'
    );
  });

  it('refuses what is not an http(s) address', () => {
    expect(() => realtimeUrl('ftp://host/v1', 'gpt-realtime')).toThrow(RangeError);
    expect(() => realtimeUrl('not a url', 'gpt-realtime')).toThrow(RangeError);
  });
});

describe('session configuration', () => {
  it('takes voice, speed and languages from settings', () => {
    const config = sessionConfigFromSettings(
      {
        ...DEFAULT_SETTINGS,
        speech: { ...DEFAULT_SETTINGS.speech, openaiVoice: 'cedar', rate: 1.25, language: 'de-DE' },
        assistant: { ...DEFAULT_SETTINGS.assistant, language: 'German' }
      },
      { canLook: true, transcriptionModels: ['gpt-4o-mini-transcribe', 'whisper-1'] }
    );
    expect(config).toMatchObject({
      voice: 'cedar',
      speed: 1.25,
      answerLanguage: 'German',
      transcriptionLanguage: 'de',
      turnDetection: 'server_vad',
      canLook: true,
      output: 'audio'
    });
    const session = buildSession(config);
    expect(session).toMatchObject({
      type: 'realtime',
      output_modalities: ['audio'],
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          transcription: { model: 'gpt-4o-mini-transcribe', language: 'de' },
          turn_detection: { type: 'server_vad', create_response: true, interrupt_response: true }
        },
        output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'cedar', speed: 1.25 }
      },
      tool_choice: 'auto'
    });
    expect(session.instructions).toContain('Always answer in German.');
    expect(session.tools).toEqual([
      expect.objectContaining({
        type: 'function',
        name: 'look',
        parameters: expect.objectContaining({
          properties: { source: expect.objectContaining({ enum: ['camera', 'screen', 'window'] }) }
        })
      })
    ]);
  });

  it('maps voices and speeds the Realtime API does not have to ones it does', () => {
    const session = buildSession({ ...CONFIG, voice: 'nova', speed: 2 });
    expect(session.audio?.output).toMatchObject({ voice: 'marin', speed: 1.5 });
    expect(buildSession({ ...CONFIG, speed: 0.1 }).audio?.output?.speed).toBe(0.25);
  });

  it('chooses the turn detection: server VAD, semantic VAD or none (push-to-talk)', () => {
    expect(buildSession({ ...CONFIG, turnDetection: 'semantic_vad' }).audio?.input?.turn_detection).toMatchObject({
      type: 'semantic_vad',
      interrupt_response: true
    });
    expect(buildSession({ ...CONFIG, turnDetection: 'manual' }).audio?.input?.turn_detection).toBeNull();
  });

  it('leaves out the look tool and the transcription language when there are none', () => {
    const session = buildSession({ ...CONFIG, canLook: false, transcriptionLanguage: '', output: 'text' });
    expect(session.tools).toEqual([]);
    expect(session.audio?.input?.transcription).toEqual({ model: 'gpt-4o-mini-transcribe' });
    expect(session.output_modalities).toEqual(['text']);
    expect(session.instructions).toContain('Answer in the language the user speaks');
    expect(sessionConfigFromSettings(DEFAULT_SETTINGS).transcriptionLanguage).toBe('');
  });

  it('asks for the first caption candidate, a given one, or none', () => {
    expect(sessionConfigFromSettings(DEFAULT_SETTINGS).transcriptionModels).toEqual([...ROLE_CANDIDATES.captions]);
    const config = sessionConfigFromSettings(DEFAULT_SETTINGS, {
      transcriptionModels: ['whisper-1', 'gpt-4o-transcribe']
    });
    expect(config.transcriptionModels).toEqual(['whisper-1', 'gpt-4o-transcribe']);
    expect(buildSession(config).audio?.input?.transcription).toEqual({ model: 'whisper-1' });
    expect(buildSession(config, 'gpt-4o-transcribe').audio?.input?.transcription).toEqual({
      model: 'gpt-4o-transcribe'
    });
    expect(buildSession(config, null).audio?.input?.transcription).toBeNull();
    expect(buildSession({ ...CONFIG, transcriptionModels: [] }).audio?.input?.transcription).toBeNull();
  });

  it('writes instructions for a blind user', () => {
    const text = realtimeInstructions({ language: '', canLook: true });
    expect(text).toMatch(/blind/);
    expect(text).toMatch(/brief/i);
    expect(text).toMatch(/clock directions/);
    expect(text).toMatch(/cannot see/);
    expect(text).toMatch(/Never identify people/);
    expect(text).toMatch(/look tool/);
    expect(realtimeInstructions({ canLook: false })).not.toMatch(/look tool/);
  });
});

describe('isTranscriptionRefusal', () => {
  const error = (e: Partial<RealtimeError>): RealtimeError => ({ type: 'invalid_request_error', message: '', ...e });
  it('knows a refused caption model by the parameter, or by a model_not_found that names it', () => {
    expect(
      isTranscriptionRefusal(
        error({ code: 'invalid_value', param: 'session.audio.input.transcription.model' }),
        'gpt-4o-mini-transcribe'
      )
    ).toBe(true);
    expect(isTranscriptionRefusal(error({ param: 'session.audio.input.transcription' }), undefined)).toBe(true);
    const notFound = (model: string) =>
      error({
        code: 'model_not_found',
        message: `The model \`${model}\` does not exist or you do not have access to it.`
      });
    expect(isTranscriptionRefusal(notFound('whisper-1'), 'whisper-1')).toBe(true);
    // The conversation model itself, or a longer name that contains the caption model's: not a caption refusal.
    expect(isTranscriptionRefusal(notFound('gpt-realtime'), 'whisper-1')).toBe(false);
    expect(isTranscriptionRefusal(notFound('gpt-realtime-whisper'), 'gpt-realtime')).toBe(false);
    expect(isTranscriptionRefusal(notFound('whisper-1'), null)).toBe(false);
    expect(
      isTranscriptionRefusal(error({ code: 'invalid_value', param: 'session.audio.output.voice' }), 'whisper-1')
    ).toBe(false);
  });
});

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt, up to the maximum, with half of it random', () => {
    const opts = { baseMs: 500, maxMs: 10_000 };
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, { ...opts, random: () => 0 }))).toEqual([
      250, 500, 1000, 2000, 4000, 5000, 5000
    ]);
    expect(backoffDelay(0, { ...opts, random: () => 0.999999 })).toBe(500);
    const random = seededRandom(7);
    for (let n = 0; n < 8; n++) {
      const ceiling = Math.min(10_000, 500 * 2 ** n);
      const d = backoffDelay(n, { ...opts, random });
      expect(d).toBeGreaterThanOrEqual(ceiling / 2);
      expect(d).toBeLessThanOrEqual(ceiling);
    }
  });
});

describe('history replay', () => {
  const history: ReplayEntry[] = [
    { role: 'user', text: 'What is in front of me?' },
    { role: 'assistant', text: 'A door at twelve o’clock.' },
    { role: 'user', text: '' },
    { role: 'assistant', text: 'The light is', cutOff: true }
  ];

  it('turns the text history into conversation items, skipping empty turns and marking cut replies', () => {
    expect(replayItems(history)).toEqual([
      {
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is in front of me?' }] }
      },
      {
        type: 'conversation.item.create',
        item: {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'A door at twelve o’clock.' }]
        }
      },
      {
        type: 'conversation.item.create',
        item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'The light is …' }] }
      }
    ]);
  });

  it('keeps only the most recent turns within the limits', () => {
    const many: ReplayEntry[] = Array.from({ length: 10 }, (_, i) => ({ role: 'user', text: `turn ${i}` }));
    const texts = (limits: { maxEntries: number; maxChars: number }) =>
      replayItems(many, limits).map((e) => (e.item as any).content[0].text);
    expect(texts({ maxEntries: 3, maxChars: 1000 })).toEqual(['turn 7', 'turn 8', 'turn 9']);
    expect(texts({ maxEntries: 100, maxChars: 13 })).toEqual(['turn 8', 'turn 9']);
  });

  it('keeps the words heard before an interruption', () => {
    const text = 'The door is at two o’clock, about three steps away.';
    expect(heardPart(text, 0, 3000)).toBe('');
    expect(heardPart(text, 3000, 3000)).toBe(text);
    expect(heardPart(text, 1000, 3000)).toBe('The door is at');
    expect(heardPart(text, 1500, 3000)).toBe('The door is at two');
  });
});

describe('errors in plain words', () => {
  const refused = (status: number | undefined, code?: string, retryAfter?: number) =>
    new RealtimeHandshakeError('x', status, code, retryAfter);

  it('does not retry auth, quota or model refusals; retries the network, 5xx and 429', () => {
    expect(classifyHandshake(refused(401, 'invalid_api_key'), 'gpt-realtime')).toMatchObject({
      retry: false,
      error: { code: 'auth', message: SPOKEN.auth, fatal: true }
    });
    expect(classifyHandshake(refused(429, 'insufficient_quota'), 'm').error?.code).toBe('quota');
    expect(classifyHandshake(refused(404, 'model_not_found'), 'gpt-x').error?.message).toContain('gpt-x');
    expect(classifyHandshake(refused(429, 'rate_limit_exceeded', 2), 'm')).toEqual({ retry: true, retryAfterMs: 2000 });
    expect(classifyHandshake(refused(503), 'm').retry).toBe(true);
    expect(classifyHandshake(refused(undefined, 'ECONNREFUSED'), 'm').retry).toBe(true);
  });

  it('retries drops and the session limit, not refusals', () => {
    for (const code of [1000, 1001, 1005, 1006, 1011, 1012, 1013, 3008])
      expect(classifyClose(code, '').retry).toBe(true);
    expect(classifyClose(3000, '')).toMatchObject({ retry: false, error: { code: 'auth' } });
    expect(classifyClose(1008, 'policy')).toMatchObject({ retry: false, error: { code: 'request' } });
    expect(classifyClose(4000, 'invalid_api_key provided').error?.code).toBe('auth');
  });

  it('speaks service error events plainly and keeps internal races quiet', () => {
    const e = (code: string, type = 'invalid_request_error', param: string | null = null) =>
      classifyServerError({ code, type, message: 'technical words', param }, 'gpt-realtime');
    expect(e('session_expired').silent).toBe(true);
    expect(e('response_cancel_not_active').silent).toBe(true);
    expect(e('invalid_api_key').error).toMatchObject({ code: 'auth', fatal: true });
    expect(e('image_parse_error').error).toMatchObject({ code: 'image', fatal: false, message: SPOKEN.image });
    expect(e('input_audio_buffer_commit_empty').error?.code).toBe('audio');
    expect(e('server_error', 'server_error').error).toMatchObject({ code: 'server', message: SPOKEN.server });
    expect(e('something_new').error).toMatchObject({ code: 'request', detail: 'technical words' });
    expect(e('something_new').error?.message).not.toContain('technical');
  });
});

describe('look tool', () => {
  it('reads the source leniently', () => {
    expect(parseLookArguments('{"source":"screen"}')).toBe('screen');
    expect(parseLookArguments('{"source":"Window"}')).toBe('window');
    expect(parseLookArguments('{"source":"fridge"}')).toBe('camera');
    expect(parseLookArguments('not json')).toBe('camera');
  });

  it('answers with the function output and then the picture, or with the failure in words', () => {
    const ok = lookReply('call_1', { source: 'camera', jpeg: new Uint8Array([0xff, 0xd8, 0xff]) });
    expect(ok.map((e) => e.item.type)).toEqual(['function_call_output', 'message']);
    expect((ok[1]!.item as any).content.at(-1)).toEqual({
      type: 'input_image',
      image_url: 'data:image/jpeg;base64,/9j/'
    });
    const failed = lookReply('call_2', { source: 'screen', failure: 'Screen recording is not allowed.' });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.item).toMatchObject({ type: 'function_call_output', call_id: 'call_2' });
    expect((failed[0]!.item as any).output).toContain('Screen recording is not allowed.');
  });
});

describe('usage', () => {
  it('splits tokens by modality', () => {
    expect(
      usageFromResponse('resp_1', {
        total_tokens: 60,
        input_tokens: 40,
        output_tokens: 20,
        input_token_details: { text_tokens: 10, audio_tokens: 20, image_tokens: 10, cached_tokens: 5 },
        output_token_details: { text_tokens: 5, audio_tokens: 15 }
      })
    ).toEqual({
      responseId: 'resp_1',
      input: { text: 10, audio: 20, image: 10, cached: 5 },
      output: { text: 5, audio: 15 },
      total: 60
    });
    expect(usageFromResponse('r', undefined)).toBeUndefined();
  });
});
