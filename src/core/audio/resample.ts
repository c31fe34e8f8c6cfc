import { clampSample } from './pcm';

/*
 * Band-limited sample-rate conversion by a rational factor (outRate/inRate = up/down), as a polyphase
 * Kaiser-windowed sinc filter. Output sample n sits exactly at input time n·down/up (no added delay),
 * so a converted stream stays aligned with its source. The low-pass is at 90 % of the lower Nyquist
 * frequency: that keeps speech's content and removes what would alias when going down in rate.
 */

/** Sinc lobes on each side of the centre: more is a sharper filter and more work per sample. */
const LOBES = 24;
/** Cut-off as a fraction of the lower of the two Nyquist frequencies. */
const PASSBAND = 0.9;
/** Kaiser window shape: about 80 dB of stop-band attenuation. */
const KAISER_BETA = 8;
/** Largest `up` factor with a precomputed table (24 kHz from 11025 Hz needs 320). */
const MAX_PHASES = 4096;

interface Filter {
  up: number;
  down: number;
  /** Input samples on each side of an output sample that the filter reads. */
  half: number;
  /** `up` rows of `2·half` coefficients; row p is for outputs p/up of a sample past an input sample. */
  table: Float32Array;
}

const filters = new Map<string, Filter>();

function filterFor(inRate: number, outRate: number): Filter {
  const key = `${inRate}>${outRate}`;
  let filter = filters.get(key);
  if (!filter) {
    filter = designFilter(inRate, outRate);
    filters.set(key, filter);
  }
  return filter;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50 && term > sum * 1e-12; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

function designFilter(inRate: number, outRate: number): Filter {
  const g = gcd(inRate, outRate);
  const up = outRate / g;
  const down = inRate / g;
  if (up > MAX_PHASES) {
    throw new RangeError(`Lumen cannot convert audio from ${inRate} Hz to ${outRate} Hz (the ratio is too fine).`);
  }
  // Cut-off in cycles per input sample.
  const cutoff = 0.5 * Math.min(1, outRate / inRate) * PASSBAND;
  const half = Math.ceil(LOBES / (2 * cutoff));
  const taps = 2 * half;
  const table = new Float32Array(up * taps);
  const windowNorm = besselI0(KAISER_BETA);
  for (let p = 0; p < up; p++) {
    const row = new Float64Array(taps);
    let sum = 0;
    for (let k = 0; k < taps; k++) {
      // Distance from input sample (i - half + 1 + k) to the output position i + p/up.
      const x = half - 1 - k + p / up;
      const r = x / half;
      const taper = Math.abs(r) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / windowNorm;
      const u = 2 * cutoff * x;
      const sinc = u === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
      row[k] = 2 * cutoff * sinc * taper;
      sum += row[k]!;
    }
    // Unity gain at DC for every phase, so a steady level does not ripple at the phase rate.
    for (let k = 0; k < taps; k++) table[p * taps + k] = row[k]! / sum;
  }
  return { up, down, half, table };
}

/**
 * Converts a PCM16 stream block by block. The filter's memory carries over between blocks, so the
 * output is the same (sample for sample) however the input was cut. Call `flush` at the end of a
 * stream for the last few samples; the resampler is then ready for a new stream.
 */
export class Resampler {
  private readonly filter: Filter | undefined;
  /** Input not yet fully used, starting at input index `bufferStart` (negative: silence before the start). */
  private buffer = new Float32Array(0);
  private bufferStart = 0;
  /** The next output's position in the input: sample `index` plus `phase`/up. */
  private index = 0;
  private phase = 0;
  private received = 0;

  constructor(
    readonly inRate: number,
    readonly outRate: number
  ) {
    if (!Number.isInteger(inRate) || !Number.isInteger(outRate) || inRate <= 0 || outRate <= 0) {
      throw new RangeError(`Sample rates must be positive whole numbers (got ${inRate} and ${outRate}).`);
    }
    this.filter = inRate === outRate ? undefined : filterFor(inRate, outRate);
    this.reset();
  }

  push(block: Int16Array): Int16Array {
    if (!this.filter) return block.slice();
    this.append(block, 0);
    this.received += block.length;
    return this.drain();
  }

  /** The rest of the stream's output, as if silence followed it. */
  flush(): Int16Array {
    if (!this.filter) return new Int16Array(0);
    this.append(new Int16Array(0), this.filter.half);
    const tail = this.drain();
    this.reset();
    return tail;
  }

  private reset(): void {
    const half = this.filter?.half ?? 0;
    this.buffer = new Float32Array(Math.max(0, half - 1));
    this.bufferStart = -this.buffer.length;
    this.index = 0;
    this.phase = 0;
    this.received = 0;
  }

  /** Adds samples to the buffer, followed by `silence` zeros, dropping what no output needs any more. */
  private append(block: Int16Array, silence: number): void {
    const half = this.filter!.half;
    const keepFrom = Math.max(0, this.index - half + 1 - this.bufferStart);
    const kept = this.buffer.subarray(keepFrom);
    const next = new Float32Array(kept.length + block.length + silence);
    next.set(kept);
    next.set(block, kept.length);
    this.buffer = next;
    this.bufferStart += keepFrom;
  }

  private drain(): Int16Array {
    const { up, down, half, table } = this.filter!;
    const taps = 2 * half;
    const available = this.bufferStart + this.buffer.length;
    // Outputs at or past the end of the input would only be filter ring-out.
    const count = Math.max(0, this.countUntil(Math.min(available - half, this.received)));
    const out = new Int16Array(count);
    const buffer = this.buffer;
    for (let n = 0; n < count; n++) {
      const first = this.index - half + 1 - this.bufferStart;
      const row = this.phase * taps;
      let acc = 0;
      for (let k = 0; k < taps; k++) acc += buffer[first + k]! * table[row + k]!;
      out[n] = clampSample(acc);
      this.phase += down;
      while (this.phase >= up) {
        this.phase -= up;
        this.index++;
      }
    }
    return out;
  }

  /** How many outputs, from the next one on, sit before input index `limit`. */
  private countUntil(limit: number): number {
    const { up, down } = this.filter!;
    const position = this.index * up + this.phase;
    return Math.ceil((limit * up - position) / down);
  }
}

/** Converts a whole clip at once; the same result as streaming it through a `Resampler`. */
export function resample(samples: Int16Array, inRate: number, outRate: number): Int16Array {
  if (inRate === outRate) return samples.slice();
  const resampler = new Resampler(inRate, outRate);
  const body = resampler.push(samples);
  const tail = resampler.flush();
  const out = new Int16Array(body.length + tail.length);
  out.set(body);
  out.set(tail, body.length);
  return out;
}
