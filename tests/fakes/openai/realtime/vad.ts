/**
 * Energy VAD over 30 ms frames, the way the service's server_vad reports on the
 * appended-audio timeline: audio_start_ms includes prefix padding and
 * audio_end_ms includes the silence duration.
 */

export const SAMPLE_RATE = 24_000;
const FRAME_MS = 30;
const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;
/** Consecutive loud frames needed to call it speech, so a click does not start a turn. */
const ONSET_FRAMES = 2;
/**
 * RMS (full scale = 1) at threshold 0.5. Calibrated on the fixture WAVs: their room noise
 * sits at 0.0002–0.001 and quiet speech frames at 0.005–0.1.
 */
const RMS_AT_HALF = 0.003;

export interface VadConfig {
  threshold: number;
  prefixPaddingMs: number;
  silenceDurationMs: number;
}

export type VadEvent =
  | { type: 'speech_started'; audioStartMs: number; atSample: number }
  | { type: 'speech_stopped'; audioEndMs: number; atSample: number };

export const msOfSamples = (samples: number): number => Math.round((samples * 1000) / SAMPLE_RATE);

export function frameRms(samples: Int16Array, start: number, length: number): number {
  let sum = 0;
  for (let i = start; i < start + length; i++) {
    const s = samples[i]! / 32768;
    sum += s * s;
  }
  return Math.sqrt(sum / length);
}

export class EnergyVad {
  private leftover = new Int16Array(0);
  /** Timeline position (samples) of the first sample not yet framed. */
  private position = 0;
  private speaking = false;
  private loudRun = 0;
  private runStart = 0;
  private lastLoudEnd = 0;

  constructor(private config: VadConfig) {}

  configure(config: VadConfig): void {
    this.config = config;
  }

  get inSpeech(): boolean {
    return this.speaking;
  }

  /** Forget any half-heard speech (input_audio_buffer.clear); the timeline keeps running. */
  reset(timelineSamples: number): void {
    this.leftover = new Int16Array(0);
    this.position = timelineSamples;
    this.speaking = false;
    this.loudRun = 0;
  }

  push(samples: Int16Array): VadEvent[] {
    const all = new Int16Array(this.leftover.length + samples.length);
    all.set(this.leftover);
    all.set(samples, this.leftover.length);
    const events: VadEvent[] = [];
    const threshold = RMS_AT_HALF * (this.config.threshold / 0.5);
    let off = 0;
    for (; off + FRAME_SAMPLES <= all.length; off += FRAME_SAMPLES) {
      const frameStart = this.position;
      const frameEnd = frameStart + FRAME_SAMPLES;
      this.position = frameEnd;
      const loud = frameRms(all, off, FRAME_SAMPLES) >= threshold;
      if (loud) {
        if (this.loudRun === 0) this.runStart = frameStart;
        this.loudRun++;
        this.lastLoudEnd = frameEnd;
        if (!this.speaking && this.loudRun >= ONSET_FRAMES) {
          this.speaking = true;
          const start = Math.max(0, msOfSamples(this.runStart) - this.config.prefixPaddingMs);
          events.push({ type: 'speech_started', audioStartMs: start, atSample: frameEnd });
        }
      } else {
        this.loudRun = 0;
        if (this.speaking && msOfSamples(frameEnd - this.lastLoudEnd) >= this.config.silenceDurationMs) {
          this.speaking = false;
          events.push({ type: 'speech_stopped', audioEndMs: msOfSamples(frameEnd), atSample: frameEnd });
        }
      }
    }
    this.leftover = all.slice(off);
    return events;
  }
}
