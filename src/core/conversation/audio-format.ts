import { SAMPLE_RATE } from '../../shared/audio-frames';

/** Audio in and out of the Realtime API is Lumen's own format: PCM16 mono at 24 kHz. */
export const samplesToMs = (samples: number) => (samples * 1000) / SAMPLE_RATE;
