import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerForText, countTokens, tokenise } from './answers';
import { todayOf, type ServerContext } from './context';
import {
  missingParamError,
  modelNotFoundError,
  serviceError,
  unsupportedParameterError,
  unsupportedValueError,
  wrongEndpointError,
  type ServiceError
} from './errors';
import { cutAfter, delayFor } from './faults';
import { cutConnection, sendError, sendJson, serviceHeaders } from './http';
import { chatCompletionId, obfuscation, systemFingerprint } from './ids';
import { analyseImage, decodeDataUrl, describeImage, ImageDecodeError, imageTokens } from './images';
import { CHAT_PATH, isAvailable, pathOf, reasoningEffortsOf, snapshotOf } from './models';
import { given, refusedByTest } from './params';
import { SseWriter } from './sse';
import { Pacer, sleep, unthrottled } from './timing';
import type { Fault } from './types';

interface ChatMessage {
  role?: string;
  content?: unknown;
}

interface ImagePart {
  url: string;
  detail: string | undefined;
}

function partsOf(content: unknown): Array<Record<string, unknown>> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content)
    ? (content.filter((p) => p && typeof p === 'object') as Array<Record<string, unknown>>)
    : [];
}

function textOf(content: unknown): string {
  return partsOf(content)
    .filter((p) => p.type === 'text' && typeof p.text === 'string')
    .map((p) => p.text as string)
    .join(' ');
}

function imagesOf(content: unknown): ImagePart[] {
  return partsOf(content)
    .filter((p) => p.type === 'image_url')
    .map((p) => {
      const iu = p.image_url as { url?: unknown; detail?: unknown } | undefined;
      return { url: String(iu?.url ?? ''), detail: typeof iu?.detail === 'string' ? iu.detail : undefined };
    });
}

interface Vision {
  sentences: string[];
  tokens: number;
}

/** Decodes every image the request carries (as the service does), describing those in the last user message. */
async function see(messages: ChatMessage[]): Promise<Vision | ServiceError> {
  let tokens = 0;
  let sentences: string[] = [];
  for (const msg of messages) {
    const described: string[] = [];
    for (const img of imagesOf(msg.content)) {
      const data = decodeDataUrl(img.url);
      if (!data) {
        // The fake cannot reach the internet, so remote images fail the way an unreachable URL does.
        return serviceError(
          400,
          `Error while downloading ${img.url}.`,
          'invalid_request_error',
          null,
          'invalid_image_url'
        );
      }
      try {
        const a = await analyseImage(data.bytes);
        tokens += imageTokens(a.width, a.height, img.detail);
        described.push(describeImage(a));
      } catch (err) {
        if (!(err instanceof ImageDecodeError)) throw err;
        return serviceError(
          400,
          'You uploaded an unsupported image. Please make sure your image is valid.',
          'invalid_request_error',
          null,
          'image_parse_error'
        );
      }
    }
    if (msg.role === 'user') sentences = described;
  }
  return { sentences, tokens };
}

/** Reasoning tokens a reasoning model spends before answering, by reasoning_effort (default medium). */
const REASONING_TOKENS: Record<string, number> = { none: 0, minimal: 8, low: 16, medium: 64, high: 256, xhigh: 1024 };

/** The service's refusals of a known, available model's parameters, in the order the service checks them. */
function checkParameters(ctx: ServerContext, model: string, b: Record<string, unknown>): ServiceError | null {
  const servedAt = pathOf(model);
  if (servedAt !== undefined && servedAt !== CHAT_PATH) return wrongEndpointError(servedAt, CHAT_PATH);
  const refused = refusedByTest(ctx, model, b);
  if (refused) return refused;
  const efforts = reasoningEffortsOf(model);
  if (!efforts) return given(b, 'reasoning_effort') ? unsupportedParameterError('reasoning_effort') : null;
  if (given(b, 'max_tokens')) return unsupportedParameterError('max_tokens');
  if (given(b, 'temperature')) return unsupportedParameterError('temperature');
  if (given(b, 'reasoning_effort') && !efforts.includes(b.reasoning_effort as string))
    return unsupportedValueError('reasoning_effort', b.reasoning_effort, efforts);
  return null;
}

export async function handleChat(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  faults: Fault[]
): Promise<void> {
  void req;
  if (!body || typeof body !== 'object') return sendError(res, missingParamError('model'));
  const b = body as Record<string, unknown>;
  const model = typeof b.model === 'string' ? b.model : '';
  if (!model) return sendError(res, missingParamError('model'));
  if (!Array.isArray(b.messages)) return sendError(res, missingParamError('messages'));
  if (b.messages.length === 0) {
    return sendError(
      res,
      serviceError(
        400,
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        'invalid_request_error',
        'messages',
        'empty_array'
      )
    );
  }
  if (!isAvailable(model, todayOf(ctx), ctx.shutdowns)) return sendError(res, modelNotFoundError(model));
  const refusal = checkParameters(ctx, model, b);
  if (refusal) return sendError(res, refusal);
  const messages = b.messages as ChatMessage[];

  const vision = await see(messages);
  if ('status' in vision) return sendError(res, vision);

  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const text =
    ctx.reply ?? (vision.sentences.length > 0 ? vision.sentences.join(' ') : answerForText(textOf(lastUser?.content)));

  let pieces = tokenise(text);
  // max_completion_tokens bounds reasoning and visible tokens together: thinking comes first.
  const maxTokens = Number(b.max_completion_tokens ?? b.max_tokens ?? Infinity);
  const effort = given(b, 'reasoning_effort') ? String(b.reasoning_effort) : 'medium';
  const reasoningTokens = Math.min(reasoningEffortsOf(model) ? (REASONING_TOKENS[effort] ?? 0) : 0, maxTokens);
  let finishReason = 'stop';
  if (pieces.length > maxTokens - reasoningTokens) {
    pieces = pieces.slice(0, Math.max(0, maxTokens - reasoningTokens));
    finishReason = 'length';
  }
  const promptTokens =
    messages.reduce(
      (n, m) => n + 4 + countTokens(textOf(m.content) || (typeof m.content === 'string' ? m.content : '')),
      3
    ) + vision.tokens;
  const completionTokens = reasoningTokens + pieces.length;
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0
    }
  };
  const id = chatCompletionId();
  const created = Math.floor(Date.now() / 1000);
  const reportedModel = snapshotOf(model);
  const fingerprint = systemFingerprint();
  const firstTokenMs = ctx.timing.chatFirstTokenMs + delayFor(faults, 'first-token');
  const cut = cutAfter(faults);

  if (b.stream !== true) {
    await sleep(firstTokenMs + thinkingMs(ctx, reasoningTokens));
    await new Pacer(ctx.timing.chatTokensPerSecond).until(pieces.length);
    const completion = {
      id,
      object: 'chat.completion',
      created,
      model: reportedModel,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: pieces.join(''), refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: finishReason
        }
      ],
      usage,
      service_tier: 'default',
      system_fingerprint: fingerprint
    };
    if (cut !== undefined) return sendTruncatedJson(res, completion);
    return sendJson(res, 200, completion);
  }

  const streamOptions = (b.stream_options ?? {}) as { include_usage?: unknown; include_obfuscation?: unknown };
  const includeUsage = streamOptions.include_usage === true;
  const includeObfuscation = streamOptions.include_obfuscation !== false;
  const chunk = (choices: unknown[], chunkUsage: unknown = null): Record<string, unknown> => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: reportedModel,
    service_tier: 'default',
    system_fingerprint: fingerprint,
    choices,
    ...(includeUsage ? { usage: chunkUsage } : {}),
    ...(includeObfuscation ? { obfuscation: obfuscation() } : {})
  });
  const sse = new SseWriter(res, cut);
  sse.start();
  if (
    !(await sse.send(
      chunk([
        { index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }
      ])
    ))
  )
    return;
  await sleep(firstTokenMs + thinkingMs(ctx, reasoningTokens));
  const pacer = new Pacer(ctx.timing.chatTokensPerSecond);
  for (let i = 0; i < pieces.length; i++) {
    await pacer.until(i);
    if (!(await sse.send(chunk([{ index: 0, delta: { content: pieces[i] }, logprobs: null, finish_reason: null }]))))
      return;
  }
  if (!(await sse.send(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }])))) return;
  if (includeUsage && !(await sse.send(chunk([], usage)))) return;
  await sse.done();
}

/** How long a reasoning model thinks before its first word, at the profile's pace. */
function thinkingMs(ctx: ServerContext, reasoningTokens: number): number {
  const rate = ctx.timing.reasoningTokensPerSecond ?? ctx.timing.chatTokensPerSecond;
  return unthrottled(rate) ? 0 : (reasoningTokens / rate) * 1000;
}

/** Non-streamed body cut half way: the client sees a connection reset mid-body. */
function sendTruncatedJson(res: ServerResponse, body: unknown): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(200, {
    ...serviceHeaders(),
    'content-type': 'application/json',
    'content-length': String(text.length)
  });
  res.write(text.subarray(0, Math.floor(text.length / 2)), () => cutConnection(res));
}
