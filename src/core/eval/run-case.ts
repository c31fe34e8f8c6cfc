import type { Core } from '../core-deps';
import type { EventPayload, TextUtterance } from '../../shared/contract';
import { chatCost } from '../usage/prices';
import type { UsageTotals } from '../usage/usage-counter';
import type { EvalCase } from '../../shared/eval-case';
import type { LoadedCase } from './case-set';
import type { JudgeVerdict } from './judge';
import type { SpokenSession } from './spoken-case';

/** What happened when a case was put to Lumen: the raw material the scorers work on. */
export interface Observation {
  /** complete, failed or stopped as the answer ended; held when the picture was never sent. */
  outcome: 'complete' | 'failed' | 'stopped' | 'held';
  answer: string;
  /** What Lumen said in status lines (why a picture was held, what the shield hid, failures). */
  said: string[];
  model: string;
  /** From asking to the answer's first token, and to the first spoken sentence of it; ms. */
  firstTokenMs: number | null;
  firstSpokenMs: number | null;
  totalMs: number;
  tokens: { input: number; output: number };
  costUsd: number;
  /** Priced at the dearest known price: the model's price is not in Lumen's table. */
  costEstimated: boolean;
  /** The JPEG that left the computer, after the shield; absent when no picture went. */
  sentPicture?: Buffer;
}

/** The parts of Lumen's core an evaluation drives, and the sentences its speech writes out. */
export interface EvalTarget {
  core: Pick<Core, 'assistant' | 'router' | 'subscribe'>;
  /** Calls `listener` with each sentence Lumen says until the returned function is called. */
  onSpoken(listener: (utterance: TextUtterance) => void): () => void;
  /** A spoken conversation for a spoken question; undefined when none can be had (said already). */
  spoken?: () => Promise<SpokenSession | undefined>;
  /** With --judge: grades an answer by the rubric, seeing the picture that was sent. */
  judge?: (c: EvalCase, answer: string, picture?: Buffer) => Promise<JudgeVerdict>;
  now?: () => number;
}

/** Milliseconds to a tenth: finer is noise. */
export const tenth = (ms: number) => Math.round(ms * 10) / 10;

async function chatUsage(core: EvalTarget['core']): Promise<UsageTotals['chat']> {
  const result = (await core.router.invoke('usage.get', {})) as { ok: boolean; value?: UsageTotals };
  return result.value?.chat ?? { requests: 0, input: 0, output: 0 };
}

/**
 * Puts one case to Lumen the way the app does: a picture through `Assistant.describe` (capture guard,
 * preparation, privacy shield, prompt, model, speech), a typed question through `Assistant.ask`.
 * Each case starts a new conversation, so no answer sees an earlier case's pictures.
 */
export async function runCase(target: EvalTarget, loaded: LoadedCase, question?: string): Promise<Observation> {
  const { core } = target;
  const now = target.now ?? (() => performance.now());
  const { input } = loaded.case;
  core.assistant.forget();
  const before = await chatUsage(core);
  const said: string[] = [];
  let id: string | undefined;
  let firstTokenMs: number | null = null;
  let firstSpokenMs: number | null = null;
  let done: EventPayload<'answer.done'> | undefined;
  const started = now();
  const offEvents = core.subscribe((channel, payload) => {
    if (channel === 'status') said.push((payload as EventPayload<'status'>).text);
    if (channel === 'answer.started') id ??= (payload as EventPayload<'answer.started'>).id;
    if (channel === 'answer.delta' && firstTokenMs === null) firstTokenMs = now() - started;
    if (channel === 'answer.done') done = payload as EventPayload<'answer.done'>;
  });
  // The answer's first sentence, not a note said before it (what the shield hid).
  const offSpoken = target.onSpoken((utterance) => {
    if (utterance.kind === 'answer' && firstTokenMs !== null && firstSpokenMs === null) firstSpokenMs = now() - started;
    else if (utterance.kind !== 'answer') said.push(utterance.text);
  });
  const asked = question ?? input.question ?? undefined;
  try {
    if (loaded.picture) {
      const mode = input.mode === 'text' ? 'scene' : input.mode;
      const described = await core.assistant.describe({ source: 'file', image: loaded.picture, question: asked, mode });
      await described.done;
    } else {
      await core.assistant.ask(asked ?? '').done;
    }
  } finally {
    offEvents();
    offSpoken();
  }
  const totalMs = tenth(now() - started);
  const after = await chatUsage(core);
  const tokens = { input: after.input - before.input, output: after.output - before.output };
  const model = id ? core.assistant.answer(id).model : '';
  const cost = chatCost(model, { prompt_tokens: tokens.input, completion_tokens: tokens.output });
  const sentPicture = id && loaded.picture ? core.assistant.picture(id) : undefined;
  return {
    outcome: id === undefined ? 'held' : (done?.outcome ?? 'failed'),
    answer: done?.text ?? '',
    said,
    model,
    firstTokenMs: firstTokenMs === null ? null : tenth(firstTokenMs),
    firstSpokenMs: firstSpokenMs === null ? null : tenth(firstSpokenMs),
    totalMs,
    tokens,
    costUsd: cost.usd,
    costEstimated: cost.estimated && tokens.input + tokens.output > 0,
    sentPicture
  };
}
