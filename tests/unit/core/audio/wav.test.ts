import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav } from '../../../../src/core/audio/wav';
import { sine } from './helpers';

function header(fields: { rate: number; channels: number; bits?: number; format?: number; dataSize: number }) {
  const bytes = new Uint8Array(44);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  const bits = fields.bits ?? 16;
  ascii(0, 'RIFF');
  view.setUint32(4, fields.dataSize === 0xffffffff ? 0xffffffff : 36 + fields.dataSize, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, fields.format ?? 1, true);
  view.setUint16(22, fields.channels, true);
  view.setUint32(24, fields.rate, true);
  view.setUint32(28, (fields.rate * fields.channels * bits) / 8, true);
  view.setUint16(32, (fields.channels * bits) / 8, true);
  view.setUint16(34, bits, true);
  ascii(36, 'data');
  view.setUint32(40, fields.dataSize, true);
  return bytes;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};

describe('WAV', () => {
  it('round-trips PCM16 mono', () => {
    const samples = sine(440, 24_000, 0.1);
    const wav = encodeWav(samples, 24_000);
    expect(wav.length).toBe(44 + samples.length * 2);
    expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe('RIFF');
    expect(decodeWav(wav)).toEqual({ samples, sampleRate: 24_000, channels: 1 });
  });

  it('reads streamed WAVs whose sizes are 0xFFFFFFFF', () => {
    const samples = Int16Array.from([1, -2, 3, -4, 5]);
    const body = new Uint8Array(samples.buffer.slice(0));
    const decoded = decodeWav(concat(header({ rate: 24_000, channels: 1, dataSize: 0xffffffff }), body));
    expect(decoded.samples).toEqual(samples);
  });

  it('mixes several channels down to mono and skips chunks it does not know', () => {
    const stereo = Int16Array.from([100, 300, -1000, -2000, 32767, 32767]);
    const list = concat(new TextEncoder().encode('LIST'), new Uint8Array([3, 0, 0, 0, 1, 2, 3, 0]));
    const head = header({ rate: 48_000, channels: 2, dataSize: stereo.byteLength });
    const wav = concat(head.subarray(0, 36), list, head.subarray(36), new Uint8Array(stereo.buffer));
    expect(decodeWav(wav)).toEqual({ samples: Int16Array.from([200, -1500, 32767]), sampleRate: 48_000, channels: 2 });
  });

  it('refuses what is not 16-bit PCM WAV', () => {
    expect(() => decodeWav(new TextEncoder().encode('ID3 not a wav at all'))).toThrow('Not a WAV file.');
    expect(() => decodeWav(header({ rate: 8000, channels: 1, bits: 8, dataSize: 0 }))).toThrow('16-bit PCM');
    expect(() => decodeWav(header({ rate: 8000, channels: 1, format: 3, bits: 16, dataSize: 0 }))).toThrow('16-bit');
  });
});
