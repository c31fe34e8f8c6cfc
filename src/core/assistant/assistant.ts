import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Earcon, StatusMessage } from '../../shared/contract';
import type { SpeechService } from '../speech/speech-service';
import { AsyncQueue } from '../util/async-queue';
import { spokenError } from './errors';

export const SYSTEM_PROMPT = `You are Lumen, a companion for a blind or low-vision person, who hears your answers through speech.
Lead with the answer in one short sentence, then add detail only if it helps.
Write plain spoken sentences: no markdown, no lists with symbols, no emojis, no tables.
Be concrete and brief. Say so plainly when you do not know.`;

/** Earlier questions and answers kept for follow-ups, oldest dropped first. */
const HISTORY_MESSAGES = 8;

export interface AssistantDeps {
  endpoint: () => string;
  key: () => Promise<string | undefined>;
  model: () => string;
  speech: SpeechService;
  emit: (channel: 'answer.delta' | 'answer.done', payload: unknown) => void;
  announce: (message: StatusMessage) => void;
  earcon: (sound: Earcon, action: 'play' | 'loop' | 'stop') => void;
  fetchImpl?: typeof fetch;
}

/**
 * Typed questions answered by a streamed chat completion: the text goes to the screen as it
 * arrives and to speech, which starts at the end of the first sentence.
 */
export class Assistant {
  private history: ChatCompletionMessageParam[] = [];
  private current: AbortController | undefined;
  private nextId = 1;

  constructor(private readonly deps: AssistantDeps) {}

  ask(question: string): { id: string; done: Promise<void> } {
    this.stop();
    const id = `a${this.nextId++}`;
    const abort = new AbortController();
    this.current = abort;
    const done = this.run(id, question, abort.signal).finally(() => {
      if (this.current === abort) this.current = undefined;
    });
    return { id, done };
  }

  /** Cancels the request (the server sees the connection close) and silences speech. */
  stop(): boolean {
    const active = this.current;
    this.current = undefined;
    active?.abort();
    this.deps.speech.stop();
    this.deps.earcon('working', 'stop');
    return active !== undefined;
  }

  private async run(id: string, question: string, signal: AbortSignal): Promise<void> {
    const { deps } = this;
    const key = await deps.key();
    if (!key) {
      const text = 'No API key is set. Open Settings and enter your OpenAI API key.';
      deps.emit('answer.done', { id, text: '', outcome: 'failed' });
      return this.fail(text);
    }
    deps.earcon('working', 'loop');
    const client = new OpenAI({
      apiKey: key,
      baseURL: deps.endpoint(),
      maxRetries: 2,
      timeout: 30_000,
      ...(deps.fetchImpl ? { fetch: deps.fetchImpl } : {})
    });
    const deltas = new AsyncQueue<string>();
    const spoken = deps.speech.speak(deltas, { kind: 'answer' });
    let text = '';
    try {
      const stream = await client.chat.completions.create(
        {
          model: deps.model(),
          stream: true,
          stream_options: { include_usage: true },
          messages: [{ role: 'system', content: SYSTEM_PROMPT }, ...this.history, { role: 'user', content: question }]
        },
        { signal }
      );
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content;
        if (!delta) continue;
        if (!text) deps.earcon('working', 'stop');
        text += delta;
        deltas.push(delta);
        deps.emit('answer.delta', { id, text: delta });
      }
      deltas.end();
      this.remember(question, text);
      deps.emit('answer.done', { id, text, outcome: 'complete' });
      await spoken.done;
      if (!signal.aborted) deps.earcon('done', 'play');
    } catch (error) {
      deltas.end();
      deps.earcon('working', 'stop');
      if (signal.aborted) {
        deps.emit('answer.done', { id, text, outcome: 'stopped' });
        return;
      }
      deps.emit('answer.done', { id, text, outcome: 'failed' });
      await spoken.done;
      this.fail(spokenError(error, text.length > 0));
    }
  }

  private fail(text: string) {
    this.deps.earcon('error', 'play');
    this.deps.announce({ level: 'error', text, spoken: true });
    this.deps.speech.speak(text, { kind: 'message' });
  }

  private remember(question: string, answer: string) {
    this.history.push({ role: 'user', content: question }, { role: 'assistant', content: answer });
    this.history = this.history.slice(-HISTORY_MESSAGES);
  }
}
