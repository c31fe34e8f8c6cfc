import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { LumenError } from '../../shared/errors';
import type { ModelService } from '../models/model-service';
import { answerTimeoutMs, chatParameters, isModelGone, refusedParameter, type AnswerPurpose } from '../models/request';
import { streamAnswer } from './stream-answer';

export interface ModelAnswerRequest {
  endpoint: string;
  key: string;
  messages: ChatCompletionMessageParam[];
  purpose: AnswerPurpose;
  thinkLonger: boolean;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  onDelta(text: string): void;
  /** Tokens an answer used, and the model that used them. */
  onUsage?(usage: CompletionUsage, model: string): void;
  /** Says a short note before the answer, in the same speech (a retirement, a smaller model). */
  tell(note: string): void;
}

/** The service no longer has the model, nor its successor: the caller falls back to what works offline. */
export class ModelGoneError extends Error {
  constructor(readonly model: string) {
    super(`The service no longer offers ${model}.`);
    this.name = 'ModelGoneError';
  }
}

/** Failures a smaller model may get past: the chosen one is overloaded, failing or too slow (not a used-up quota). */
function worthFallingBack(error: unknown): boolean {
  if (error instanceof OpenAI.RateLimitError) return error.code !== 'insufficient_quota';
  return error instanceof OpenAI.InternalServerError || error instanceof OpenAI.APIConnectionTimeoutError;
}

/**
 * A streamed answer from the describe model, made to fit it, and kept working when the cloud changes:
 * a retired model (404 model_not_found) is replaced by its successor at once, a parameter the model
 * refuses (400 unsupported_parameter) is dropped and remembered, and a busy or failing model hands
 * over to the quick one. Each at most once per answer, and only before any word arrived, so a
 * failure never turns into a storm of requests. Resolves to the answer and the model that gave it.
 */
export async function answerWithModels(
  models: ModelService,
  request: ModelAnswerRequest
): Promise<{ text: string; model: string }> {
  let role: 'describe' | 'quick' = 'describe';
  let model = models.model(role, request.tell);
  if (!model) throw new LumenError('UNAVAILABLE', 'The service offers no model that can describe pictures.');
  const retries = { retired: 1, parameter: 1, smaller: 1 };
  let started = false;
  for (;;) {
    const used: string = model;
    try {
      const text = await streamAnswer({
        endpoint: request.endpoint,
        key: request.key,
        model: used,
        messages: request.messages,
        params: chatParameters(used, request.purpose, {
          thinkLonger: request.thinkLonger,
          refused: models.refusedParameters(used)
        }),
        timeoutMs: answerTimeoutMs(used),
        signal: request.signal,
        fetchImpl: request.fetchImpl,
        onUsage: (usage) => request.onUsage?.(usage, used),
        onDelta: (delta) => {
          started = true;
          request.onDelta(delta);
        }
      });
      return { text, model: used };
    } catch (error) {
      if (request.signal?.aborted || started) throw error;
      if (isModelGone(error)) {
        const successor = models.retired(role, used, request.tell);
        if (!successor || retries.retired-- <= 0) throw new ModelGoneError(used);
        model = successor;
        continue;
      }
      const parameter = refusedParameter(error);
      if (parameter && retries.parameter-- > 0) {
        models.refuseParameter(used, parameter);
        continue;
      }
      const quick = role === 'describe' && worthFallingBack(error) ? models.model('quick') : null;
      if (quick && quick !== used && retries.smaller-- > 0) {
        request.tell(`${used} is not answering right now, so the smaller ${quick} answers instead.`);
        role = 'quick';
        model = quick;
        continue;
      }
      throw error;
    }
  }
}
