import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../../src/cli/run';
import { resample } from '../../../src/core/audio/resample';
import { decodeWav, encodeWav } from '../../../src/core/audio/wav';
import { SPOKEN } from '../../../src/core/conversation';
import { SAMPLE_RATE } from '../../../src/shared/audio-frames';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai';
import { fixturePath } from '../../fakes/openai/fixtures';
import { speechPcmFor } from '../../fakes/openai/speech';
import { solidJpeg } from '../../fakes/openai/test-helpers';
import { darkShare, PRIVATE_SCREEN, privateScreenPng } from '../../private-screen';

let fake: FakeOpenAI;
let dir: string;
const weatherWav = fixturePath('realtime_whats_the_weather_pcm16_24khz_mono.wav');

beforeAll(async () => {
  fake = await startFakeOpenAI();
  dir = await mkdtemp(join(tmpdir(), 'lumen-converse-'));
  await writeFile(join(dir, 'red.jpg'), await solidJpeg(640, 480, [210, 30, 40]));
  const weather = decodeWav(new Uint8Array(await readFile(weatherWav)));
  await writeFile(
    join(dir, 'weather48k.wav'),
    encodeWav(resample(weather.samples, weather.sampleRate, 48_000), 48_000)
  );
  await writeFile(join(dir, 'click.wav'), encodeWav(new Int16Array((SAMPLE_RATE * 30) / 1000), SAMPLE_RATE));
  // Captions by a model voice sessions accept, so each session starts with one session.update.
  await writeFile(
    join(dir, 'settings.json'),
    JSON.stringify({ version: 2, models: { captions: 'gpt-4o-mini-transcribe' } })
  );
});
afterAll(() => fake.close());

async function converse(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['converse', ...argv.map((a) => a.replace('$DIR', dir))], {
    out: (l) => out.push(`${l}\n`),
    write: (t) => out.push(t),
    err: (l) => err.push(l),
    env: { LUMEN_DATA_DIR: dir, OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL, ...env },
    nodeVersion: 'v22.23.3'
  });
  return { code, out: out.join(''), err: err.join('\n') };
}

/** The client events of the most recent Realtime session at the fake. */
function lastSession(): any[] {
  const id = fake.realtimeEvents.at(-1)!.sessionId;
  return fake.realtimeEvents.filter((r) => r.sessionId === id).map((r) => r.event);
}

describe('lumen converse', () => {
  it('--text: one typed turn, the answer printed as text', async () => {
    const result = await converse(['--text', 'Is the kettle on?']);
    expect(result).toEqual({ code: EXIT.ok, out: 'You said: Is the kettle on?\n', err: '' });
    const sent = lastSession();
    expect(sent[0].session).toMatchObject({ output_modalities: ['text'], audio: { input: { turn_detection: null } } });
    expect(sent.map((e) => e.type)).toEqual(['session.update', 'conversation.item.create', 'response.create']);
  });

  it('--text with --image: the picture goes into the conversation first', async () => {
    const result = await converse(['--text', 'What colour is this?', '--image', '$DIR/red.jpg']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toMatch(/^A \d+×\d+ image, mostly red/);
    const items = lastSession().filter((e) => e.type === 'conversation.item.create');
    expect(items[0].item.content[0]).toMatchObject({ type: 'input_image' });
    expect(items[1].item.content[0]).toEqual({ type: 'input_text', text: 'What colour is this?' });
  });

  it('--image passes the privacy shield: private text is hidden before the picture is added, and said', async () => {
    await writeFile(join(dir, 'private.png'), await privateScreenPng());
    const result = await converse(['--text', 'What is on it?', '--image', '$DIR/private.png']);
    expect(result).toMatchObject({
      code: EXIT.ok,
      err: '3 private items hidden: a card number, an e-mail address and a security code.'
    });
    const image = lastSession().find((e) => e.type === 'conversation.item.create').item.content[0].image_url as string;
    const sent = Buffer.from(image.replace(/^data:image\/jpeg;base64,/, ''), 'base64');
    expect(await darkShare(sent, PRIVATE_SCREEN.pieces.card)).toBeGreaterThan(0.95);
    expect(await darkShare(sent, PRIVATE_SCREEN.pieces.thanks)).toBeLessThan(0.5);
  });

  it('--in/--out: one spoken turn from a real recording, both transcripts printed, the answer saved', async () => {
    const result = await converse(['--in', weatherWav, '--out', '$DIR/answer.wav']);
    expect(result.err).toBe('');
    expect(result.code).toBe(EXIT.ok);
    const [you, lumen, saved] = result.out.trimEnd().split('\n');
    expect(you).toMatch(/^You: \[speech, 3\.\d seconds\]$/);
    expect(lumen).toMatch(/^Lumen: I heard about 3\.\d seconds of speech\.$/);
    expect(saved).toMatch(/^Saved \d\.\d seconds of the answer to .*answer\.wav\.$/);
    const answer = decodeWav(new Uint8Array(await readFile(join(dir, 'answer.wav'))));
    expect(answer.sampleRate).toBe(SAMPLE_RATE);
    const expected = speechPcmFor(lumen!.slice('Lumen: '.length));
    expect(Buffer.from(answer.samples.buffer).equals(expected)).toBe(true);

    // The recording reached the service byte for byte, as one push-to-talk turn (no VAD).
    const sent = lastSession();
    const audio = Buffer.concat(
      sent.filter((e) => e.type === 'input_audio_buffer.append').map((e) => Buffer.from(e.audio, 'base64'))
    );
    const original = decodeWav(new Uint8Array(await readFile(weatherWav)));
    expect(audio.equals(Buffer.from(original.samples.buffer))).toBe(true);
    expect(sent.filter((e) => e.type !== 'input_audio_buffer.append').map((e) => e.type)).toEqual([
      'session.update',
      'input_audio_buffer.clear',
      'input_audio_buffer.commit',
      'response.create'
    ]);
  });

  it('--in resamples other rates to 24 kHz', async () => {
    const result = await converse(['--in', '$DIR/weather48k.wav']);
    expect(result.code).toBe(EXIT.ok);
    const sent = Buffer.concat(
      lastSession()
        .filter((e) => e.type === 'input_audio_buffer.append')
        .map((e) => Buffer.from(e.audio, 'base64'))
    );
    const original = decodeWav(new Uint8Array(await readFile(weatherWav)));
    expect(Math.abs(sent.length / 2 - original.samples.length)).toBeLessThanOrEqual(2);
  });

  it('explains a refused key, a too-short recording and wrong command lines', async () => {
    expect(await converse(['--text', 'hi'], { OPENAI_API_KEY: 'sk-wrong-123456' })).toMatchObject({
      code: EXIT.failed,
      err: SPOKEN.auth
    });
    expect(await converse(['--in', '$DIR/click.wav'])).toMatchObject({ code: EXIT.failed, err: SPOKEN.tooShort });
    expect(await converse(['--in', '$DIR/missing.wav'])).toMatchObject({
      code: EXIT.failed,
      err: expect.stringContaining('cannot find')
    });
    expect(await converse(['--in', '$DIR/red.jpg'])).toMatchObject({
      code: EXIT.failed,
      err: expect.stringContaining('not a WAV file')
    });
    expect((await converse([])).code).toBe(EXIT.usage);
    expect((await converse(['--text', 'a', '--in', weatherWav])).code).toBe(EXIT.usage);
    expect((await converse(['--text', 'a', '--out', '$DIR/x.wav'])).code).toBe(EXIT.usage);
    expect(await converse(['--text', 'hi'], { OPENAI_API_KEY: '' })).toMatchObject({
      code: EXIT.failed,
      err: expect.stringContaining('No API key')
    });
  });
});
