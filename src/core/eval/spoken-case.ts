import { int16ToBytes } from '../audio/pcm';
import { resample } from '../audio/resample';
import { decodeWav } from '../audio/wav';
import type { RealtimeSession } from '../conversation';
import { realtimeCost, transcriptionCost } from '../usage/prices';
import { SAMPLE_RATE } from '../../shared/audio-frames';
import { LumenError } from '../../shared/errors';
import { tenth, type Observation } from './run-case';

/** The spoken conversation a spoken case is asked in: a session on its model, not yet started. */
export interface SpokenSession {
  session: RealtimeSession;
  model: string;
}

/** Audio goes out in one-second pieces: well under the service's message size limit. */
const APPEND_BYTES = SAMPLE_RATE * 2;
/** One turn should never take this long; if it does, something is stuck. */
const TURN_TIMEOUT_MS = 90_000;

/**
 * Asks a spoken question (a WAV file) the way `lumen converse --in` does: one push-to-talk turn of
 * the app's Realtime conversation. The first token is the answer's first caption text, the first
 * spoken sentence its first audio; the cost is the conversation's and its captions'.
 */
export async function runSpokenCase(
  { session, model }: SpokenSession,
  wav: Uint8Array,
  now: () => number = () => performance.now()
): Promise<Observation> {
  let decoded: ReturnType<typeof decodeWav>;
  try {
    decoded = decodeWav(wav);
  } catch (error) {
    throw new LumenError(
      'INVALID_REQUEST',
      `The spoken question is not a WAV file Lumen can use: ${(error as Error).message}`
    );
  }
  const pcm = int16ToBytes(resample(decoded.samples, decoded.sampleRate, SAMPLE_RATE));
  const said: string[] = [];
  let answer = '';
  let firstTokenMs: number | null = null;
  let firstSpokenMs: number | null = null;
  const tokens = { input: 0, output: 0 };
  let costUsd = 0;
  let estimated = false;
  let outcome: Observation['outcome'] = 'failed';
  let finished: () => void = () => {};
  const over = new Promise<void>((resolve) => (finished = resolve));
  const started = now();

  session.on('caption', (caption) => {
    if (caption.role === 'user') {
      if (caption.final) said.push(`You: ${caption.text}`);
      return;
    }
    if (caption.delta && firstTokenMs === null) firstTokenMs = now() - started;
    if (caption.final) answer = caption.text;
  });
  session.on('audio', () => {
    if (firstSpokenMs === null) firstSpokenMs = now() - started;
  });
  session.on('usage', (used) => {
    tokens.input += used.input.text + used.input.audio + used.input.image;
    tokens.output += used.output.text + used.output.audio;
    const cost = realtimeCost(model, used);
    costUsd += cost.usd;
    estimated ||= cost.estimated;
  });
  session.on('captionsUsage', (used) => {
    const cost = transcriptionCost(used.model, used.seconds);
    costUsd += cost.usd;
    estimated ||= cost.estimated;
  });
  session.on('error', (error) => {
    said.push(error.message);
    if (error.fatal || error.code === 'too-short' || error.code === 'audio') finished();
  });
  session.on('responseDone', () => {
    outcome = 'complete';
    finished();
  });

  try {
    if (!(await session.start())) return observed('failed');
    await session.pressTalk();
    for (let at = 0; at < pcm.byteLength; at += APPEND_BYTES) {
      session.appendAudio(pcm.subarray(at, Math.min(at + APPEND_BYTES, pcm.byteLength)));
    }
    await session.releaseTalk();
    const timer = setTimeout(finished, TURN_TIMEOUT_MS);
    await over;
    clearTimeout(timer);
    return observed(outcome);
  } finally {
    session.stop();
  }

  function observed(ended: Observation['outcome']): Observation {
    return {
      outcome: ended,
      answer,
      said,
      model,
      firstTokenMs: firstTokenMs === null ? null : tenth(firstTokenMs),
      firstSpokenMs: firstSpokenMs === null ? null : tenth(firstSpokenMs),
      totalMs: tenth(now() - started),
      tokens,
      // A sum of small prices: to a billionth of a dollar, without float noise.
      costUsd: Number(costUsd.toFixed(9)),
      costEstimated: estimated
    };
  }
}
