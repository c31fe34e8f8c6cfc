// Writes Lumen's earcons (short sounds for "listening", "working", "done" and "error") into
// resources/earcons as PCM16 mono WAVs at Lumen's sample rate, the player's. Pure arithmetic, so the files are the same on every run.
// Run with: npx tsx scripts/make-earcons.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeWav } from '../src/core/audio/wav';
import { SAMPLE_RATE } from '../src/shared/audio-frames';

/** Quiet enough to sit under speech without startling, loud enough to hear: −12 dBFS. */
export const EARCON_PEAK_DBFS = -12;

export type EarconName = 'listening' | 'working' | 'done' | 'error';

interface Note {
  /** Start, in seconds from the start of the earcon. */
  at: number;
  seconds: number;
  hz: number;
  /** Relative level of the 2nd, 3rd, … harmonics; none is a pure sine. */
  harmonics?: number[];
  /** Fade-in and fade-out, in seconds: long enough that no edge clicks. */
  attack?: number;
  release?: number;
  /** Exponential decay rate (1/s) over the note, for a struck rather than held sound. */
  decay?: number;
}

const DESIGNS: Record<EarconName, { seconds: number; notes: Note[] }> = {
  // Two notes going up (E5 → A5): "your turn, I'm listening".
  listening: {
    seconds: 0.15,
    notes: [
      { at: 0, seconds: 0.07, hz: 659.26, harmonics: [0.15], decay: 6 },
      { at: 0.065, seconds: 0.085, hz: 880, harmonics: [0.15], decay: 8 }
    ]
  },
  // One soft, round blip, meant to repeat every couple of seconds while Lumen works.
  working: {
    seconds: 0.08,
    notes: [{ at: 0, seconds: 0.08, hz: 523.25, harmonics: [0.1], attack: 0.008, release: 0.05, decay: 18 }]
  },
  // The same two notes going down (A5 → E5): "finished".
  done: {
    seconds: 0.18,
    notes: [
      { at: 0, seconds: 0.08, hz: 880, harmonics: [0.15], decay: 6 },
      { at: 0.075, seconds: 0.105, hz: 659.26, harmonics: [0.15], decay: 10 }
    ]
  },
  // Two low, warm pulses with a few odd harmonics: clearly "no", but without a harsh edge.
  error: {
    seconds: 0.25,
    notes: [
      { at: 0, seconds: 0.1, hz: 196, harmonics: [0.05, 0.3, 0.03, 0.12], attack: 0.01, release: 0.03 },
      { at: 0.14, seconds: 0.11, hz: 174.61, harmonics: [0.05, 0.3, 0.03, 0.12], attack: 0.01, release: 0.04 }
    ]
  }
};

/** A raised-cosine ramp from 0 to 1 over `length`: smooth at both ends, unlike a linear fade. */
const ramp = (t: number, length: number) => (t >= length ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * t) / length));

function render(design: { seconds: number; notes: Note[] }): Int16Array {
  const length = Math.round(design.seconds * SAMPLE_RATE);
  const mix = new Float64Array(length);
  for (const note of design.notes) {
    const start = Math.round(note.at * SAMPLE_RATE);
    const count = Math.min(Math.round(note.seconds * SAMPLE_RATE), length - start);
    const attack = note.attack ?? 0.005;
    const release = note.release ?? 0.02;
    const partials = [1, ...(note.harmonics ?? [])];
    for (let i = 0; i < count; i++) {
      const t = i / SAMPLE_RATE;
      const envelope =
        ramp(t, attack) * ramp((count - 1 - i) / SAMPLE_RATE, release) * Math.exp(-(note.decay ?? 0) * t);
      let wave = 0;
      partials.forEach((level, k) => (wave += level * Math.sin(2 * Math.PI * note.hz * (k + 1) * t)));
      mix[start + i]! += envelope * wave;
    }
  }
  let peak = 0;
  for (const x of mix) peak = Math.max(peak, Math.abs(x));
  const gain = (10 ** (EARCON_PEAK_DBFS / 20) * 32767) / peak;
  return Int16Array.from(mix, (x) => Math.round(x * gain));
}

export function makeEarcons(): Record<EarconName, Int16Array> {
  return {
    listening: render(DESIGNS.listening),
    working: render(DESIGNS.working),
    done: render(DESIGNS.done),
    error: render(DESIGNS.error)
  };
}

export const EARCONS_DIR = fileURLToPath(new URL('../resources/earcons/', import.meta.url));

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(EARCONS_DIR, { recursive: true });
  for (const [name, samples] of Object.entries(makeEarcons())) {
    const file = join(EARCONS_DIR, `${name}.wav`);
    writeFileSync(file, encodeWav(samples, SAMPLE_RATE));
    process.stdout.write(`${file}: ${Math.round((samples.length * 1000) / SAMPLE_RATE)} ms\n`);
  }
}
