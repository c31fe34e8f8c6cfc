import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** tests/fixtures — the recorded real exchanges and real audio (see its README for provenance). */
export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export const fixturePath = (name: string): string => FIXTURES_DIR + name;

interface SessionRecord {
  Entries: Array<{
    RequestUri: string;
    RequestMethod: string;
    RequestBody: unknown;
    StatusCode: number;
    ResponseHeaders: Record<string, string | string[]>;
    ResponseBody: unknown;
  }>;
}

export function readSessionRecord(name: string): SessionRecord {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as SessionRecord;
}

const cache = new Map<string, unknown>();
function once<T>(key: string, load: () => T): T {
  if (!cache.has(key)) cache.set(key, load());
  return cache.get(key) as T;
}

function recordedAudio(name: string): Buffer {
  const body = readSessionRecord(name).Entries[0]!.ResponseBody;
  return Buffer.from(String(body), 'base64');
}

/** Real TTS output "Hello, world!" (voice alloy): raw 24 kHz s16le mono. */
export const ttsPcm = (): Buffer => once('pcm', () => recordedAudio('OutputFormatWorks(%pcm%).json'));

/** Real TTS WAV: the service's streaming header (sizes 0xFFFFFFFF) and its PCM payload. */
export const ttsWav = (): { header: Buffer; pcm: Buffer } =>
  once('wav', () => {
    const wav = recordedAudio('OutputFormatWorks(%wav%).json');
    const data = wav.indexOf('data');
    return { header: wav.subarray(0, data + 8), pcm: wav.subarray(data + 8) };
  });

/** Real MP3 "Hello, world! This is a test." (24 kHz mono). */
export const helloMp3 = (): Buffer => once('mp3', () => readFileSync(fixturePath('audio_hello_world.mp3')));

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Known real audio → what the service transcribed it as (TranscriptionWorks / verbose_json records). */
export const knownTranscripts = (): Map<string, { text: string; seconds: number }> =>
  once('known', () => new Map([[sha256(helloMp3()), { text: 'Hello, world! This is a test.', seconds: 1.7 }]]));

/** Reads PCM16 mono samples and the rate from a WAV (tolerates streaming headers with bogus sizes). */
export function parseWav(buf: Buffer): { sampleRate: number; channels: number; pcm: Buffer } | null {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') return null;
  let off = 12;
  let sampleRate = 0;
  let channels = 1;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      channels = buf.readUInt16LE(off + 10);
      sampleRate = buf.readUInt32LE(off + 12);
    } else if (id === 'data') {
      const end = size === 0xffffffff || off + 8 + size > buf.length ? buf.length : off + 8 + size;
      return { sampleRate, channels, pcm: buf.subarray(off + 8, end) };
    }
    off += 8 + size + (size % 2);
  }
  return null;
}
