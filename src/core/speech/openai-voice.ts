import { Pcm16Assembler } from '../audio/pcm';
import { VoiceError, type AudioVoice, type SynthesisRequest } from './voice';

/*
 * The OpenAI voice: POST /audio/speech with response_format "pcm" (24 kHz PCM16 mono, Lumen's own
 * format), read as a stream so the first words play while the rest is still being made. Plain fetch
 * rather than the SDK: streaming the body and aborting it are simpler, and there are no retries to
 * hide a failure from the caller, who falls back to another voice instead.
 */

export const OPENAI_DEFAULT_VOICE = 'alloy';
/** The service's built-in voices; compatible endpoints may have others. */
export const OPENAI_VOICES = [
  'alloy',
  'ash',
  'ballad',
  'coral',
  'echo',
  'fable',
  'nova',
  'onyx',
  'sage',
  'shimmer',
  'verse',
  'marin',
  'cedar'
] as const;

/** The speed range the service accepts. */
const MIN_SPEED = 0.25;
const MAX_SPEED = 4;

export interface OpenAIVoiceOptions {
  /** Base URL ending in /v1, e.g. from resolveEndpoint. */
  endpoint: string;
  key: string;
  /** A model of the speech endpoint, as the model service chose it. */
  model: string;
  /** Used when a request names no voice. */
  voice?: string;
  /** Used when a request has no instructions of its own. */
  instructions?: string;
  fetchImpl?: typeof fetch;
}

export function createOpenAIVoice(opts: OpenAIVoiceOptions): AudioVoice {
  const url = `${opts.endpoint.replace(/\/+$/, '')}/audio/speech`;
  const fetchImpl = opts.fetchImpl ?? fetch;
  return {
    id: 'openai',
    async *synthesize(request: SynthesisRequest): AsyncIterable<Int16Array> {
      if (!request.text.trim() || request.signal.aborted) return;
      // Our own controller also ends the download when the consumer stops iterating early.
      const controller = new AbortController();
      const stop = () => controller.abort();
      request.signal.addEventListener('abort', stop, { once: true });
      try {
        let response: Response;
        try {
          response = await fetchImpl(url, {
            method: 'POST',
            headers: { authorization: `Bearer ${opts.key}`, 'content-type': 'application/json' },
            body: JSON.stringify(requestBody(opts, request)),
            signal: controller.signal
          });
        } catch (error) {
          if (request.signal.aborted) return;
          throw withCause(new VoiceError('Lumen could not reach the OpenAI voice.', false), error);
        }
        if (!response.ok) {
          const error = await errorFor(response);
          if (request.signal.aborted) return;
          throw error;
        }
        if (!response.body) throw new VoiceError('The OpenAI voice sent no audio.', false);
        const assembler = new Pcm16Assembler();
        const reader = response.body.getReader();
        for (;;) {
          let chunk: Awaited<ReturnType<typeof reader.read>>;
          try {
            chunk = await reader.read();
          } catch (error) {
            if (request.signal.aborted) return;
            throw withCause(new VoiceError('The OpenAI voice stopped mid-sentence.', false), error);
          }
          if (chunk.done) return;
          const samples = assembler.push(chunk.value);
          if (request.signal.aborted) return;
          if (samples.length) yield samples;
        }
      } finally {
        request.signal.removeEventListener('abort', stop);
        controller.abort();
      }
    }
  };
}

function requestBody(opts: OpenAIVoiceOptions, request: SynthesisRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: opts.model,
    input: request.text,
    voice: request.voice || opts.voice || OPENAI_DEFAULT_VOICE,
    response_format: 'pcm'
  };
  const instructions = request.instructions ?? opts.instructions;
  if (instructions) body.instructions = instructions;
  // Some of the endpoint's models ignore speed; others honour it.
  if (Number.isFinite(request.rate) && request.rate !== 1) {
    body.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, request.rate));
  }
  return body;
}

/** Keeps the network error for logs; the message stays the one meant for the user. */
function withCause(error: VoiceError, cause: unknown): VoiceError {
  return Object.assign(error, { cause });
}

/** The service's error as a sentence Lumen can say, and whether trying again could help. */
async function errorFor(response: Response): Promise<VoiceError> {
  const status = response.status;
  if (status === 401 || status === 403) return new VoiceError('The OpenAI voice refused the API key.', true);
  if (status === 429) return new VoiceError('The OpenAI voice is rate limited right now.', false);
  if (status >= 500) return new VoiceError(`The OpenAI voice is having problems (error ${status}).`, false);
  const { message, code } = await serviceError(response);
  if (code === 'model_not_found') return new VoiceError('The OpenAI voice’s model is not available.', true, code);
  return new VoiceError(
    message
      ? `The OpenAI voice refused the request: ${message}`
      : `The OpenAI voice refused the request (error ${status}).`,
    true,
    code
  );
}

async function serviceError(response: Response): Promise<{ message?: string; code?: string }> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown; code?: unknown } };
    const { message, code } = body.error ?? {};
    return {
      ...(typeof message === 'string' && message.trim() ? { message: message.trim() } : {}),
      ...(typeof code === 'string' ? { code } : {})
    };
  } catch {
    return {};
  }
}
