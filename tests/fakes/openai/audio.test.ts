import { readFileSync } from 'node:fs';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, parseWav, ttsPcm } from './fixtures';
import { startFakeOpenAI, type FakeOpenAI } from './index';
import { BEFORE_SHUTDOWNS } from './test-helpers';

let fake: FakeOpenAI;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ today: BEFORE_SHUTDOWNS });
  client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.baseURL, maxRetries: 0 });
});
afterAll(() => fake.close());

describe('speech and transcription through the openai SDK', () => {
  it('returns the real recorded 24 kHz PCM speech', async () => {
    const res = await client.audio.speech.create({
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
      input: 'Hello, world!',
      response_format: 'pcm'
    });
    expect(res.headers.get('content-type')).toBe('audio/pcm');
    const pcm = Buffer.from(await res.arrayBuffer());
    expect(pcm.equals(ttsPcm())).toBe(true);
    expect(pcm.length / 48_000).toBeCloseTo(1.55, 2);
  });

  it('returns a streaming 24 kHz WAV whose length follows the input', async () => {
    const input = 'This sentence is quite a bit longer than hello world, so the audio is longer too.';
    const res = await client.audio.speech.create({
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
      input,
      response_format: 'wav'
    });
    const wav = Buffer.from(await res.arrayBuffer());
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(0xffffffff); // the service's streaming header
    const parsed = parseWav(wav)!;
    expect(parsed).toMatchObject({ sampleRate: 24_000, channels: 1 });
    expect(parsed.pcm.length / 48_000).toBeGreaterThan(input.length * 0.06);
  });

  it('refuses formats it has no recording for', async () => {
    await expect(
      client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'x', response_format: 'opus' })
    ).rejects.toMatchObject({
      status: 400,
      param: 'response_format'
    });
  });

  it('transcribes the real recorded MP3 as the service did', async () => {
    const file = await toFile(readFileSync(fixturePath('audio_hello_world.mp3')), 'audio_hello_world.mp3', {
      type: 'audio/mpeg'
    });
    const res = await client.audio.transcriptions.create({ model: 'whisper-1', file });
    expect(res).toEqual({ text: 'Hello, world! This is a test.', usage: { type: 'duration', seconds: 2 } });
    const rec = fake.requests.at(-1)!;
    expect(rec.body).toMatchObject({
      fields: { model: 'whisper-1' },
      files: [{ name: 'file', filename: 'audio_hello_world.mp3', bytes: 34080 }]
    });
  });

  it('round-trips its own TTS through transcription', async () => {
    const input = 'Turn left at the next corner.';
    const speech = await client.audio.speech.create({
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
      input,
      response_format: 'wav'
    });
    const wav = Buffer.from(await speech.arrayBuffer());
    const res = await client.audio.transcriptions.create({
      model: 'gpt-4o-mini-transcribe',
      file: await toFile(wav, 'speech.wav')
    });
    expect(res.text).toBe(input);
    expect(res.usage).toMatchObject({ type: 'tokens' });
  });

  it('describes audio it does not know deterministically, and streams transcripts', async () => {
    const silence = Buffer.concat([
      Buffer.from('RIFF\xff\xff\xff\xffWAVEfmt ', 'latin1'),
      Buffer.from([16, 0, 0, 0, 1, 0, 1, 0, 0xc0, 0x5d, 0, 0, 0x80, 0xbb, 0, 0, 2, 0, 16, 0]),
      Buffer.from('data\xff\xff\xff\xff', 'latin1'),
      Buffer.alloc(57_600)
    ]);
    const res = await client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(silence, 'x.wav') });
    expect(res.text).toBe('[speech, 1.2 seconds]');
    const stream = await client.audio.transcriptions.create({
      model: 'gpt-4o-mini-transcribe',
      file: await toFile(readFileSync(fixturePath('audio_hello_world.mp3')), 'a.mp3'),
      stream: true
    });
    const events: Array<{ type: string }> = [];
    for await (const e of stream) events.push(e);
    expect(events.at(-1)).toMatchObject({ type: 'transcript.text.done', text: 'Hello, world! This is a test.' });
    expect(events.filter((e) => e.type === 'transcript.text.delta').length).toBeGreaterThan(3);
  });
});
