import { seededRandom } from '../../../seeded-random';
/** A sine tone as PCM16. */
export function sine(frequency: number, rate: number, seconds: number, amplitude = 0.5): Int16Array {
  const out = new Int16Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++)
    out[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * frequency * i) / rate));
  return out;
}

/** Amplitude of one frequency in a signal (single DFT bin, Hann-windowed), in full-scale units. */
export function toneAmplitude(samples: Int16Array, rate: number, frequency: number): number {
  let re = 0;
  let im = 0;
  let windowSum = 0;
  const n = samples.length;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const angle = (2 * Math.PI * frequency * i) / rate;
    re += w * samples[i]! * Math.cos(angle);
    im -= w * samples[i]! * Math.sin(angle);
    windowSum += w;
  }
  return (2 * Math.hypot(re, im)) / windowSum / 32767;
}

/** Frequency from rising zero crossings, with linear interpolation of each crossing's position. */
export function zeroCrossingFrequency(samples: Int16Array, rate: number): number {
  const crossings: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (a < 0 && b >= 0) crossings.push(i - 1 + -a / (b - a));
  }
  const first = crossings[0]!;
  const last = crossings.at(-1)!;
  return ((crossings.length - 1) * rate) / (last - first);
}

export function peak(samples: Int16Array): number {
  let max = 0;
  for (const s of samples) max = Math.max(max, Math.abs(s));
  return max;
}

export { seededRandom };
