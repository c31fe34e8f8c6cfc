import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav, encodeWav } from '../../src/core/audio/wav';

const ROOT = join(import.meta.dirname, '..', '..');

/** The real recorded question the fake microphone can say (24 kHz mono; speech from about 0.54 s to 2.65 s). */
export const SPOKEN_QUESTION = join(ROOT, 'tests/fixtures/realtime_whats_the_weather_pcm16_24khz_mono.wav');
const MIC_RATE = 24_000;

/** One stretch of what the fake microphone plays: digital silence, or the recorded question. */
export type MicPart = { silenceMs: number } | 'question';

/** The fake microphone's sound, from the moment the page opens it, as a 24 kHz mono WAV. */
export function micRecording(parts: readonly MicPart[]): Uint8Array {
  const question = decodeWav(readFileSync(SPOKEN_QUESTION));
  if (question.sampleRate !== MIC_RATE) throw new Error(`${SPOKEN_QUESTION} is not ${MIC_RATE} Hz.`);
  const pieces = parts.map((part) =>
    part === 'question' ? question.samples : new Int16Array(Math.round((part.silenceMs * MIC_RATE) / 1000))
  );
  const all = new Int16Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const piece of pieces) {
    all.set(piece, at);
    at += piece.length;
  }
  return encodeWav(all, MIC_RATE);
}
