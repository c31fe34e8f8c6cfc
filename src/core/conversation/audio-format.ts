/** Audio in and out of the Realtime API: PCM16 mono at 24 kHz. */
export const SAMPLE_RATE = 24_000;

export const samplesToMs = (samples: number) => (samples * 1000) / SAMPLE_RATE;
