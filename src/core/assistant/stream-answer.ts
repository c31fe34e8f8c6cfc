import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

export interface AnswerRequest {
  endpoint: string;
  key: string;
  model: string;
  messages: ChatCompletionMessageParam[];
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  onDelta(text: string): void;
  /** Tokens the request used, from the stream's last chunk. */
  onUsage?(usage: { prompt_tokens: number; completion_tokens: number }): void;
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
    timeout: 30_000,
    ...(request.fetchImpl ? { fetch: request.fetchImpl } : {})
  });
  const stream = await client.chat.completions.create(
    { model: request.model, stream: true, stream_options: { include_usage: true }, messages: request.messages },
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
