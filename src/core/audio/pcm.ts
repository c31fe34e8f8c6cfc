/** Conversions between PCM16 (what Lumen moves around) and float samples (what filters work in). */

export function int16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / 32768;
  return out;
}

/** Rounds to the nearest step and clips, so loud filter overshoot saturates instead of wrapping around. */
export function float32ToInt16(samples: ArrayLike<number>): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = clampSample(samples[i]! * 32768);
  return out;
}

export function clampSample(value: number): number {
  const rounded = Math.round(value);
  return rounded > 32767 ? 32767 : rounded < -32768 ? -32768 : rounded;
}

/**
 * Little-endian PCM16 bytes → samples. Always copies: network buffers are often at odd offsets,
 * where an Int16Array view is not allowed. A trailing odd byte is ignored.
 */
export function bytesToInt16(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.byteLength >> 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

export function int16ToBytes(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i]!, true);
  return out;
}

/**
 * Turns a PCM16 byte stream cut at arbitrary points (network chunks) into whole samples: a byte left
 * over at the end of one piece is joined with the first byte of the next.
 */
export class Pcm16Assembler {
  private carry: number | undefined;

  push(piece: Uint8Array): Int16Array {
    if (piece.byteLength === 0) return new Int16Array(0);
    let bytes = piece;
    if (this.carry !== undefined) {
      bytes = new Uint8Array(piece.byteLength + 1);
      bytes[0] = this.carry;
      bytes.set(piece, 1);
      this.carry = undefined;
    }
    if (bytes.byteLength % 2 === 1) this.carry = bytes[bytes.byteLength - 1];
    return bytesToInt16(bytes);
  }

  /** True when the stream so far ended in the middle of a sample. */
  get hasPartialSample(): boolean {
    return this.carry !== undefined;
  }
}
