import type { ModelRole } from '../../shared/settings';
import { specFor } from '../models/table';
import type { Logger } from '../ports';
import type { RealtimeUsage } from '../conversation';
import { createOpenAIVoice } from './openai-voice';
import { createRealtimeVoice } from './realtime-voice';
import { VoiceError, type AudioVoice, type SynthesisRequest } from './voice';

/** The part of the model service the OpenAI voice needs. */
export interface SpeechModels {
  model(role: Extract<ModelRole, 'speech'>): string | null;
  retired(role: Extract<ModelRole, 'speech'>, model: string): string | null;
}

export interface CloudVoiceOptions {
  models: SpeechModels;
  endpoint: () => string;
  /** The key for the endpoint about to be called, or undefined when none may go there. */
  key: (endpoint: string) => Promise<string | undefined>;
  /** The voice's name (alloy, marin…), checked by the caller. */
  voice: () => string;
  /** Tone for the speech endpoint's voices that take it. */
  instructions: () => string | undefined;
  /** Says a sentence again offline when the Realtime voice read its numbers or names differently. */
  reread?: (text: string, signal: AbortSignal) => AsyncIterable<Int16Array>;
  onReadBack?: (check: { differed: boolean; repeated: boolean }) => void;
  /** What speaking cost: Realtime tokens, or characters for the speech endpoint. */
  onRealtimeUsage?: (model: string, usage: RealtimeUsage) => void;
  onCharacters?: (model: string, characters: number) => void;
  fetchImpl?: typeof fetch;
  logger?: Logger;
}

type Inner = AudioVoice & { warm?(): void; close?(): void };

/**
 * The OpenAI voice as the service offers it today: a Realtime model reading each sentence aloud (the
 * speech endpoint closes on 2027-01-06), or the speech endpoint where a compatible server still
 * serves it, as the model service chooses. A model the service has retired is replaced by its
 * successor at once, for the same sentence.
 */
export function createCloudVoice(opts: CloudVoiceOptions): AudioVoice & { warm(): void; close(): void } {
  let current: { key: string; voice: Inner } | undefined;

  const voiceFor = (model: string): Inner => {
    const endpoint = opts.endpoint();
    const id = `${endpoint}|${model}|${opts.voice()}`;
    if (current?.key === id) return current.voice;
    current?.voice.close?.();
    const voice: Inner =
      specFor(model).endpoint === 'realtime'
        ? createRealtimeVoice({
            endpoint,
            key: opts.key,
            model,
            voice: opts.voice(),
            reread: opts.reread,
            onReadBack: opts.onReadBack,
            onUsage: (usage) => opts.onRealtimeUsage?.(model, usage),
            logger: opts.logger
          })
        : lazyKey(opts, model);
    current = { key: id, voice };
    return voice;
  };

  async function* speak(model: string, request: SynthesisRequest): AsyncIterable<Int16Array> {
    yield* voiceFor(model).synthesize(request);
    if (specFor(model).endpoint !== 'realtime' && !request.signal.aborted) {
      opts.onCharacters?.(model, request.text.length);
    }
  }

  return {
    id: 'openai',
    async *synthesize(request) {
      const model = opts.models.model('speech');
      if (!model) throw new VoiceError('The service offers no voice right now.', true);
      let started = false;
      try {
        for await (const block of speak(model, request)) {
          started = true;
          yield block;
        }
      } catch (error) {
        if (started || !(error instanceof VoiceError) || error.code !== 'model_not_found') throw error;
        const successor = opts.models.retired('speech', model);
        if (!successor) throw error;
        yield* speak(successor, request);
      }
    },
    warm() {
      const model = opts.models.model('speech');
      if (model) voiceFor(model).warm?.();
    },
    close() {
      current?.voice.close?.();
      current = undefined;
    }
  };
}

/** The speech endpoint's voice, which takes its key per request. */
function lazyKey(opts: CloudVoiceOptions, model: string): Inner {
  return {
    id: 'openai',
    async *synthesize(request) {
      const endpoint = opts.endpoint();
      const key = await opts.key(endpoint);
      if (!key) throw new VoiceError('No API key is set.', true);
      yield* createOpenAIVoice({
        endpoint,
        key,
        model,
        voice: opts.voice(),
        instructions: opts.instructions(),
        fetchImpl: opts.fetchImpl
      }).synthesize(request);
    }
  };
}
