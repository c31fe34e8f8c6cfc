import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';

export interface AnswerRequest {
  endpoint: string;
  key: string;
  model: string;
  messages: ChatCompletionMessageParam[];
  /** What this model needs beyond the messages (length limit, reasoning effort…), from models/request.ts. */
  params?: Record<string, unknown>;
  /** How long to wait for the service to start answering; reasoning models get longer. */
  timeoutMs?: number;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  onDelta(text: string): void;
  /** Tokens the request used, from the stream's last chunk. */
  onUsage?(usage: CompletionUsage): void;
}

/**
 * One streamed chat completion. Text deltas go to `onDelta` the moment they arrive; a refusal with
 * no text becomes a plain sentence saying so, so the user always hears why.
 */
export async function streamAnswer(request: AnswerRequest): Promise<string> {
  const client = new OpenAI({
    apiKey: request.key,
    baseURL: request.endpoint,
    maxRetries: 2,
    timeout: request.timeoutMs ?? 30_000,
    ...(request.fetchImpl ? { fetch: request.fetchImpl } : {})
  });
  const stream = await client.chat.completions.create(
    {
      ...request.params,
      model: request.model,
      stream: true,
      stream_options: { include_usage: true },
      messages: request.messages
    },
    { signal: request.signal }
  );
  let text = '';
  let refusal = '';
  for await (const chunk of stream) {
    if (chunk.usage) request.onUsage?.(chunk.usage);
    const delta = chunk.choices[0]?.delta;
    if (delta?.refusal) refusal += delta.refusal;
    if (!delta?.content) continue;
    text += delta.content;
    request.onDelta(delta.content);
  }
  if (!text && refusal) {
    text = `The model declined to answer: ${refusal}`;
    request.onDelta(text);
  }
  return text;
}
