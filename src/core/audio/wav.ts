import { clampSample } from './pcm';

export interface DecodedWav {
  /** Mono: several channels are averaged. */
  samples: Int16Array;
  sampleRate: number;
  /** Channels in the file, before mixing down. */
  channels: number;
}

const HEADER_BYTES = 44;
/** Streaming encoders (OpenAI TTS among them) write this when they cannot know the length yet. */
const UNKNOWN_SIZE = 0xffffffff;
const FORMAT_PCM = 1;
const FORMAT_EXTENSIBLE = 0xfffe;

/** PCM16 mono samples → a canonical 44-byte-header WAV file. */
export function encodeWav(samples: Int16Array, sampleRate: number): Uint8Array {
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(HEADER_BYTES + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(HEADER_BYTES + i * 2, samples[i]!, true);
  return out;
}

/**
 * Reads a PCM16 WAV of any rate and channel count into mono samples. Sizes of 0xFFFFFFFF (or larger
 * than the file) mean "until the end of the file", as streamed WAVs are written. Throws on anything
 * that is not 16-bit PCM.
 */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('Not a WAV file.');
  let format: { channels: number; sampleRate: number } | undefined;
  for (let offset = 12; offset + 8 <= bytes.byteLength;) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.byteLength) throw new Error('The WAV format chunk is too short.');
      const code = view.getUint16(body, true);
      const bits = view.getUint16(body + 14, true);
      if ((code !== FORMAT_PCM && code !== FORMAT_EXTENSIBLE) || bits !== 16) {
        throw new Error(`Only 16-bit PCM WAV is supported (this one has format ${code}, ${bits} bits).`);
      }
      format = { channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true) };
    } else if (id === 'data') {
      if (!format) throw new Error('The WAV data comes before its format.');
      const end = size === UNKNOWN_SIZE || body + size > bytes.byteLength ? bytes.byteLength : body + size;
      return { samples: mixToMono(view, body, end, format.channels), ...format };
    }
    if (size === UNKNOWN_SIZE) break;
    offset = body + size + (size % 2);
  }
  throw new Error('The WAV file has no audio data.');
}

function mixToMono(view: DataView, start: number, end: number, channels: number): Int16Array {
  const ch = Math.max(1, channels);
  const frames = Math.floor((end - start) / (2 * ch));
  const out = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < ch; c++) sum += view.getInt16(start + (f * ch + c) * 2, true);
    out[f] = ch === 1 ? sum : clampSample(sum / ch);
  }
  return out;
}
