import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav } from '../../../../src/core/audio/wav';
import { EARCONS_DIR, makeEarcons, type EarconName } from '../../../../scripts/make-earcons';
import { SAMPLE_RATE } from '../../../../src/shared/audio-frames';
import { peak } from './helpers';

const LENGTH_MS: Record<EarconName, number> = { listening: 150, working: 80, done: 180, error: 250 };

describe('earcons', () => {
  const made = makeEarcons();

  it.each(Object.keys(LENGTH_MS) as EarconName[])('%s.wav is the generated sound, short and gentle', (name) => {
    const bytes = new Uint8Array(readFileSync(join(EARCONS_DIR, `${name}.wav`)));
    expect(bytes).toEqual(encodeWav(made[name], SAMPLE_RATE));
    const { samples, sampleRate, channels } = decodeWav(bytes);
    expect({ sampleRate, channels }).toEqual({ sampleRate: SAMPLE_RATE, channels: 1 });
    expect((samples.length / sampleRate) * 1000).toBeCloseTo(LENGTH_MS[name], 0);
    expect(20 * Math.log10(peak(samples) / 32767)).toBeCloseTo(-12, 1);
    // Faded in and out: no step at either end that would click.
    expect(Math.abs(samples[0]!)).toBeLessThan(50);
    expect(Math.abs(samples.at(-1)!)).toBeLessThan(50);
  });

  it('comes out the same every time', () => {
    const again = makeEarcons();
    for (const name of Object.keys(made) as EarconName[]) expect(again[name]).toEqual(made[name]);
  });
});
