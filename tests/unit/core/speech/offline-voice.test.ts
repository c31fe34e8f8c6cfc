import { afterAll, describe, expect, it } from 'vitest';
import { resample } from '../../../../src/core/audio/resample';
import { encodeWav } from '../../../../src/core/audio/wav';
import { silentLogger } from '../../../../src/core/ports';
import type { Espeak, EspeakResult } from '../../../../src/core/speech/offline/espeak-runner.mts';
import { OfflineSpeech } from '../../../../src/core/speech/offline/offline-speech';
import {
  createOfflineVoice,
  resampledBlocks,
  sanitizeForEspeak,
  wordsPerMinute
} from '../../../../src/core/speech/offline/offline-voice';
import { OfflineVoiceList } from '../../../../src/core/speech/offline/voice-list';
import { VoiceError } from '../../../../src/core/speech/voice';
import { SAMPLE_RATE } from '../../../../src/shared/audio-frames';
import { collect, join, request } from './synthesis';

const peak = (s: Int16Array) => s.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** An espeak that answers every run with `answer`, and keeps the command lines it was given. */
function fakeEspeak(answer: EspeakResult | Error): Espeak & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    run: async (args) => {
      calls.push(args);
      if (answer instanceof Error) throw answer;
      return answer;
    }
  };
}

describe('offline voice, with espeak stood in for', () => {
  it('asks for the voice, speed and file, and turns the WAV into 24 kHz blocks', async () => {
    const clip = Int16Array.from({ length: 22_050 }, (_, i) => Math.round(8000 * Math.sin(i / 7)));
    const espeak = fakeEspeak({ output: [], wav: encodeWav(clip, 22_050) });
    const voice = createOfflineVoice({ espeak, voices: new OfflineVoiceList(espeak) });
    const blocks = await collect(voice, request('-dash [[x]]\u0000', { rate: 2 }));
    expect(espeak.calls).toEqual([['-v', 'en-us', '-s', '350', '-w', '/lumen.wav', '--', '-dash [ [x]]']]);
    expect(join(blocks)).toEqual(resample(clip, 22_050, SAMPLE_RATE));
    expect(blocks.slice(0, -1).every((b) => b.length === SAMPLE_RATE / 10)).toBe(true);
  });

  it('says it could not speak when espeak fails or writes no audio, and asks nothing for empty text', async () => {
    for (const answer of [new Error('boom'), { output: ['no voice'] }]) {
      const espeak = fakeEspeak(answer);
      const voice = createOfflineVoice({ espeak, voices: new OfflineVoiceList(espeak) });
      await expect(collect(voice, request('Hello.'))).rejects.toEqual(
        new VoiceError('The offline voice could not speak this.', false)
      );
      expect(await collect(voice, request(' \u0000 '))).toEqual([]);
      expect(espeak.calls).toHaveLength(1);
    }
  });
});

describe('offline voice', () => {
  const speech = new OfflineSpeech({ logger: silentLogger });
  afterAll(() => speech.close());

  it('speaks 24 kHz audio in blocks of about 100 ms', async () => {
    const blocks = await collect(speech.voice(), request('Hello, this is Lumen.'));
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks.slice(0, -1).every((b) => b.length === SAMPLE_RATE / 10)).toBe(true);
    const audio = join(blocks);
    expect(audio.length / SAMPLE_RATE).toBeGreaterThan(0.8);
    expect(audio.length / SAMPLE_RATE).toBeLessThan(3);
    expect(peak(audio)).toBeGreaterThan(3000);
  });

  it('speaks faster at a higher rate, and reads text that starts with a dash as text', async () => {
    const voice = speech.voice();
    const text = '-5 degrees and --version';
    const slow = join(await collect(voice, request(text, { rate: 0.5 })));
    const fast = join(await collect(voice, request(text, { rate: 2 })));
    expect(fast.length).toBeGreaterThan(SAMPLE_RATE * 0.5);
    expect(slow.length).toBeGreaterThan(fast.length * 2.5);
  });

  it('falls back to the default voice for an unknown name, with a warning', async () => {
    const warnings: string[] = [];
    const voice = speech.voice({ onWarning: (w) => warnings.push(w) });
    const audio = join(await collect(voice, request('Hi.', { voice: 'klingon' })));
    expect(audio.length).toBeGreaterThan(SAMPLE_RATE * 0.2);
    expect(warnings).toEqual(['The offline voice has no "klingon" voice; using the default.']);
  });

  it('stops when aborted before or during speech', async () => {
    const voice = speech.voice();
    const before = new AbortController();
    before.abort();
    expect(await collect(voice, request('Hello there.', { signal: before.signal }))).toEqual([]);
    const during = new AbortController();
    const blocks: Int16Array[] = [];
    for await (const block of voice.synthesize(request('Hello there, how are you?', { signal: during.signal }))) {
      blocks.push(block);
      during.abort();
    }
    expect(blocks).toHaveLength(1);
  });

  it('maps rate to words per minute within espeak’s range, and sanitises text', () => {
    expect(wordsPerMinute(1)).toBe(175);
    expect(wordsPerMinute(2)).toBe(350);
    expect(wordsPerMinute(0.1)).toBe(80);
    expect(wordsPerMinute(5)).toBe(450);
    expect(wordsPerMinute(Number.NaN)).toBe(175);
    expect(sanitizeForEspeak('a\u0000b\u0007c\nd [[h@l@U]]')).toBe('a b c\nd [ [h@l@U]]');
  });
});

describe('block-by-block conversion to 24 kHz', () => {
  it('gives the same samples as converting the clip at once, in 100 ms blocks', () => {
    for (const [length, rate] of [
      [0, 22_050],
      [1, 22_050],
      [2205, 22_050],
      [2206, 22_050],
      [22_050 * 3 + 17, 22_050],
      [5000, 16_000],
      [4800, 24_000]
    ] as const) {
      const samples = Int16Array.from({ length }, (_, i) => Math.round(9000 * Math.sin(i / 5) + ((i * 7919) % 2000)));
      const blocks = [...resampledBlocks(samples, rate)];
      expect(join(blocks)).toEqual(resample(samples, rate, SAMPLE_RATE));
      expect(blocks.slice(0, -1).every((b) => b.length === SAMPLE_RATE / 10)).toBe(true);
      expect(blocks.every((b) => b.length > 0)).toBe(true);
    }
  });
});
