import { describe, expect, it } from 'vitest';
import { resample, Resampler } from '../../../../src/core/audio/resample';
import { SAMPLE_RATE } from '../../../../src/shared/audio-frames';
import { peak, seededRandom, sine, toneAmplitude, zeroCrossingFrequency } from './helpers';

const RATES = [22_050, 48_000, 44_100, 16_000];

/** The middle of a signal, away from the filter's start and end. */
const middle = (s: Int16Array) => s.subarray(Math.floor(s.length * 0.1), Math.floor(s.length * 0.9));

describe('resample', () => {
  it.each(RATES)('keeps a 1 kHz tone’s frequency and level from %i Hz', (rate) => {
    const out = resample(sine(1000, rate, 0.5), rate, SAMPLE_RATE);
    expect(out.length).toBe(SAMPLE_RATE / 2);
    const body = middle(out);
    expect(zeroCrossingFrequency(body, SAMPLE_RATE)).toBeCloseTo(1000, 0);
    expect(toneAmplitude(body, SAMPLE_RATE, 1000)).toBeGreaterThan(0.5 * 0.99);
    expect(toneAmplitude(body, SAMPLE_RATE, 1000)).toBeLessThan(0.5 * 1.01);
  });

  it.each([
    [48_000, 15_000],
    [44_100, 14_000]
  ])('removes what would alias when going down from %i Hz (a %i Hz tone)', (rate, tone) => {
    const out = middle(resample(sine(tone, rate, 0.5), rate, SAMPLE_RATE));
    // Where the tone would fold to, and anywhere at all: at least 60 dB down.
    expect(toneAmplitude(out, SAMPLE_RATE, SAMPLE_RATE - tone)).toBeLessThan(0.5e-3);
    expect(peak(out)).toBeLessThan(0.5 * 32767 * 1e-3 + 2);
  });

  it('keeps speech frequencies when going up from 22050 Hz', () => {
    const out = middle(resample(sine(4000, 22_050, 0.5), 22_050, SAMPLE_RATE));
    expect(toneAmplitude(out, SAMPLE_RATE, 4000)).toBeCloseTo(0.5, 2);
  });

  it('copies audio that is already at the rate', () => {
    const input = sine(1000, SAMPLE_RATE, 0.01);
    expect(resample(input, SAMPLE_RATE, SAMPLE_RATE)).toEqual(input);
  });

  it('refuses rates it cannot convert between', () => {
    expect(() => new Resampler(0, SAMPLE_RATE)).toThrow(RangeError);
    expect(() => new Resampler(44_100.5, SAMPLE_RATE)).toThrow(RangeError);
    expect(() => new Resampler(24_001, 24_007)).toThrow('too fine');
  });
});

describe('Resampler (streaming)', () => {
  it.each(RATES)('gives the one-shot result for random block sizes from %i Hz', (rate) => {
    const random = seededRandom(rate);
    const input = Int16Array.from({ length: rate / 4 }, (_, i) =>
      Math.round(12_000 * Math.sin(i / 7) + 6_000 * Math.sin(i / 2.3) + 2_000 * (random() - 0.5))
    );
    const whole = resample(input, rate, SAMPLE_RATE);
    const resampler = new Resampler(rate, SAMPLE_RATE);
    const parts: Int16Array[] = [];
    for (let offset = 0; offset < input.length;) {
      const size = Math.floor(random() * 700);
      parts.push(resampler.push(input.subarray(offset, offset + size)));
      offset += size;
    }
    parts.push(resampler.flush());
    const streamed = Int16Array.from(parts.flatMap((p) => Array.from(p)));
    expect(streamed.length).toBe(whole.length);
    let worst = 0;
    for (let i = 0; i < whole.length; i++) worst = Math.max(worst, Math.abs(whole[i]! - streamed[i]!));
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('starts a new stream after flush', () => {
    const input = sine(500, 16_000, 0.05);
    const resampler = new Resampler(16_000, SAMPLE_RATE);
    const first = [...resampler.push(input), ...resampler.flush()];
    const second = [...resampler.push(input), ...resampler.flush()];
    expect(second).toEqual(first);
  });
});
