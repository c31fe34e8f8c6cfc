import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav, encodeWav } from '../../src/core/audio/wav';
import { SAMPLE_RATE } from '../../src/shared/audio-frames';

const ROOT = join(import.meta.dirname, '..', '..');

/** The real recorded question the fake microphone can say (24 kHz mono; speech from about 0.54 s to 2.65 s). */
export const SPOKEN_QUESTION = join(ROOT, 'tests/fixtures/realtime_whats_the_weather_pcm16_24khz_mono.wav');

/** One stretch of what the fake microphone plays: digital silence, or the recorded question. */
export type MicPart = { silenceMs: number } | 'question';

/** The fake microphone's sound, from the moment the page opens it, as a mono WAV at Lumen's sample rate. */
export function micRecording(parts: readonly MicPart[]): Uint8Array {
  const question = decodeWav(readFileSync(SPOKEN_QUESTION));
  if (question.sampleRate !== SAMPLE_RATE) throw new Error(`${SPOKEN_QUESTION} is not ${SAMPLE_RATE} Hz.`);
  const pieces = parts.map((part) =>
    part === 'question' ? question.samples : new Int16Array(Math.round((part.silenceMs * SAMPLE_RATE) / 1000))
  );
  const all = new Int16Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const piece of pieces) {
    all.set(piece, at);
    at += piece.length;
  }
  return encodeWav(all, SAMPLE_RATE);
}
