import { describe, expect, it } from 'vitest';
import {
  bytesToInt16,
  float32ToInt16,
  int16ToBytes,
  int16ToFloat32,
  Pcm16Assembler
} from '../../../../src/core/audio/pcm';
import { seededRandom } from './helpers';

describe('PCM16 conversions', () => {
  it('goes to float and back without loss, and clips what is too loud', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 12345, -23456]);
    expect(float32ToInt16(int16ToFloat32(samples))).toEqual(samples);
    expect(Array.from(float32ToInt16([1.5, -1.5, 0.5]))).toEqual([32767, -32768, 16384]);
  });

  it('reads little-endian bytes at any offset', () => {
    const samples = Int16Array.from([258, -2, 32767, -32768]);
    const bytes = int16ToBytes(samples);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([2, 1, 254, 255]);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(bytesToInt16(shifted.subarray(1))).toEqual(samples);
  });
});

describe('Pcm16Assembler', () => {
  const samples = Int16Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 65536) - 32768);
  const bytes = int16ToBytes(samples);

  it('gives the same samples however the bytes were split', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 20; round++) {
      const assembler = new Pcm16Assembler();
      const parts: Int16Array[] = [];
      for (let offset = 0; offset < bytes.length;) {
        const size = 1 + Math.floor(random() * 9);
        parts.push(assembler.push(bytes.subarray(offset, offset + size)));
        offset += size;
      }
      const joined = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        joined.set(p, at);
        at += p.length;
      }
      expect(joined).toEqual(samples);
      expect(assembler.hasPartialSample).toBe(false);
    }
  });

  it('holds a lone byte until its partner arrives', () => {
    const assembler = new Pcm16Assembler();
    expect(assembler.push(bytes.subarray(0, 1)).length).toBe(0);
    expect(assembler.hasPartialSample).toBe(true);
    expect(assembler.push(new Uint8Array(0)).length).toBe(0);
    expect(Array.from(assembler.push(bytes.subarray(1, 2)))).toEqual([samples[0]]);
    expect(Array.from(assembler.push(bytes.subarray(2, 5)))).toEqual([samples[1]]);
    expect(assembler.hasPartialSample).toBe(true);
    expect(Array.from(assembler.push(bytes.subarray(5, 6)))).toEqual([samples[2]]);
    expect(assembler.hasPartialSample).toBe(false);
  });
});
