import { Resampler } from '../../audio/resample';
import { decodeWav } from '../../audio/wav';
import { SAMPLE_RATE } from '../../../shared/audio-frames';
import { VoiceError, type AudioVoice, type SynthesisRequest } from '../voice';
import { ESPEAK_WAV_FILE, type Espeak } from './espeak-runner.mts';
import { chooseOfflineVoice, OFFLINE_DEFAULT_VOICE, type OfflineVoiceList } from './voice-list';

/** espeak-ng's speed for rate 1, in words per minute, and the range it accepts. */
const NORMAL_WPM = 175;
const MIN_WPM = 80;
const MAX_WPM = 450;
/** Blocks of about 100 ms, so playback can start and stop at a fine grain. */
const BLOCK_SAMPLES = SAMPLE_RATE / 10;
/** The rate espeak-ng writes its WAV files at. */
const ESPEAK_SAMPLE_RATE = 22_050;
/** How long handing out blocks may hold the thread before it lets other work run. */
const YIELD_AFTER_MS = 8;

export interface OfflineVoiceOptions {
  espeak: Espeak;
  voices: OfflineVoiceList;
  /**
   * Told (in words that can be spoken) when a request asks for a voice this engine does not have;
   * the voice then speaks with the default voice instead of failing.
   */
  onWarning?: (message: string) => void;
}

export const wordsPerMinute = (rate: number): number =>
  Math.round(Math.min(MAX_WPM, Math.max(MIN_WPM, NORMAL_WPM * (Number.isFinite(rate) ? rate : 1))));

/**
 * Text made safe to hand to espeak's command line: control characters become spaces (a NUL would end
 * the text early) and "[[" is broken up, because espeak reads [[…]] as phoneme codes.
 */
export function sanitizeForEspeak(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').replace(/\[\[/g, '[ [');
}

/**
 * The offline voice: eSpeak NG, which sounds robotic but needs no network, no key and no download,
 * so Lumen can always speak. It makes each request's audio in one go (a few hundred milliseconds a
 * sentence, on `espeak`'s worker thread), then yields it in 100 ms blocks, converting it to 24 kHz
 * block by block as it goes. Aborting ends the iteration at once, quietly, without an error.
 */
export function createOfflineVoice({ espeak, voices, onWarning }: OfflineVoiceOptions): AudioVoice {
  return {
    id: 'offline',
    async *synthesize(request: SynthesisRequest): AsyncIterable<Int16Array> {
      const { signal } = request;
      const text = sanitizeForEspeak(request.text).trim();
      if (!text || signal.aborted) return;
      // The voice list costs an espeak run of its own; the default voice needs no lookup.
      const needsLookup = Boolean(request.voice?.trim() || request.language?.trim());
      let choice: { id: string; warning?: string } = { id: OFFLINE_DEFAULT_VOICE };
      if (needsLookup) {
        const list = await untilAborted(voices.list(), signal).catch(() => {
          throw new VoiceError('The offline voice could not start.', false);
        });
        if (!list) return;
        choice = chooseOfflineVoice(list, request);
      }
      if (choice.warning) onWarning?.(choice.warning);
      if (signal.aborted) return;
      const args = ['-v', choice.id, '-s', String(wordsPerMinute(request.rate)), '-w', ESPEAK_WAV_FILE, '--', text];
      // Designing the 22.05 → 24 kHz filter takes tens of milliseconds of this thread, the first time
      // in a process: better while espeak runs than between its audio and the first block.
      setImmediate(() => new Resampler(ESPEAK_SAMPLE_RATE, SAMPLE_RATE));
      let decoded: { samples: Int16Array; sampleRate: number };
      try {
        const result = await espeak.run(args, signal);
        if (!result.wav) throw new Error(result.output.join(' ') || 'espeak-ng wrote no audio');
        decoded = decodeWav(result.wav);
      } catch {
        if (signal.aborted) return;
        throw new VoiceError('The offline voice could not speak this.', false);
      }
      // A listener that takes every block at once would otherwise convert a long sentence (tens of
      // milliseconds) without letting anything else run.
      let busySince = performance.now();
      for (const block of resampledBlocks(decoded.samples, decoded.sampleRate)) {
        if (signal.aborted) return;
        yield block;
        if (performance.now() - busySince > YIELD_AFTER_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          busySince = performance.now();
        }
      }
    }
  };
}

/** The promise's value, or undefined as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * espeak's audio at 24 kHz in blocks of BLOCK_SAMPLES (the last one shorter), converted a block at a
 * time, so no single step holds up the thread (converting a whole long sentence at once takes tens
 * of milliseconds). The samples are the same as converting the clip in one go.
 */
export function* resampledBlocks(samples: Int16Array, sampleRate: number): Generator<Int16Array> {
  const resampler = new Resampler(sampleRate, SAMPLE_RATE);
  const step = Math.ceil((BLOCK_SAMPLES * sampleRate) / SAMPLE_RATE);
  let pending = new Int16Array(0);
  for (let at = 0; at < samples.length || at === 0; at += step) {
    const last = at + step >= samples.length;
    const parts = [pending, resampler.push(samples.subarray(at, at + step))];
    if (last) parts.push(resampler.flush());
    const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((offset, p) => (out.set(p, offset), offset + p.length), 0);
    let used = 0;
    for (; out.length - used >= BLOCK_SAMPLES; used += BLOCK_SAMPLES) yield out.slice(used, used + BLOCK_SAMPLES);
    if (last && used < out.length) yield out.slice(used);
    pending = out.slice(used);
  }
}
