import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../../src/cli/run';
import { decodeWav } from '../../../src/core/audio/wav';
import { FileKeyVault } from '../../../src/core/storage/file-key-vault';
import { SAMPLE_RATE } from '../../../src/shared/audio-frames';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai';
import { ttsPcm } from '../../fakes/openai/fixtures';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

async function speak(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'lumen-speak-test-'));
  const code = await runCli(['speak', ...argv.map((a) => a.replace('$DIR', dir))], {
    out: (l) => out.push(l),
    write: (t) => out.push(t),
    err: (l) => err.push(l),
    env: { LUMEN_DATA_DIR: dir, ...env },
    nodeVersion: 'v22.23.3'
  });
  return { code, out: out.join('\n'), err: err.join('\n'), dir };
}

const online = () => ({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL });
/** What the most recent Realtime session was sent: the OpenAI voice speaks through it. */
const lastVoiceSession = () => {
  const id = fake.realtimeEvents.at(-1)!.sessionId;
  return fake.realtimeEvents.filter((r) => r.sessionId === id).map((r) => r.event as Record<string, any>);
};
const wavAt = async (path: string) => decodeWav(new Uint8Array(await readFile(path)));

describe('lumen speak', () => {
  it('saves the offline voice as a 24 kHz WAV when there is no key', async () => {
    const before = fake.requests.length;
    const result = await speak(['Hello', 'from', 'Lumen.', '--out', '$DIR/hello.wav'], {
      OPENAI_BASE_URL: fake.baseURL
    });
    expect(result).toMatchObject({ code: EXIT.ok, err: '' });
    expect(result.out).toMatch(/^Saved \d\.\d seconds of speech to .*hello\.wav\.$/);
    const wav = await wavAt(join(result.dir, 'hello.wav'));
    expect(wav).toMatchObject({ sampleRate: SAMPLE_RATE, channels: 1 });
    expect(wav.samples.length / SAMPLE_RATE).toBeGreaterThan(0.8);
    expect(fake.requests.length).toBe(before);
  });

  it('saves the OpenAI voice when a key is set: a Realtime model reads the text', async () => {
    const result = await speak(
      ['Hello, world!', '--out', '$DIR/hi.wav', '--voice', 'coral', '--rate', '1.25'],
      online()
    );
    expect(result).toMatchObject({ code: EXIT.ok, err: '' });
    const wav = await wavAt(join(result.dir, 'hi.wav'));
    expect(wav.sampleRate).toBe(SAMPLE_RATE);
    expect(Buffer.from(wav.samples.buffer).equals(ttsPcm())).toBe(true);
    expect(fake.requests.at(-1)).toMatchObject({ path: '/v1/realtime', query: { model: 'gpt-realtime-2.1-mini' } });
    const sent = lastVoiceSession();
    expect(sent.find((e) => e.type === 'session.update')!.session.audio.output).toMatchObject({
      voice: 'coral',
      speed: 1.25
    });
    expect(sent.find((e) => e.type === 'response.create')!.response).toMatchObject({
      conversation: 'none',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello, world!' }] }]
    });
  });

  it('uses the key the web host saved', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-speak-test-'));
    await FileKeyVault.inDir(dir).save(fake.apiKey);
    const before = fake.requests.length;
    const result = await speak(['Hi.', '-o', `${dir}/a.wav`], { LUMEN_DATA_DIR: dir, OPENAI_BASE_URL: fake.baseURL });
    expect(result.code).toBe(EXIT.ok);
    expect(fake.requests.length).toBe(before + 1);
  });

  it('falls back to the offline voice when the OpenAI voice refuses the key', async () => {
    const result = await speak(['Hello.', '--out', '$DIR/x.wav'], { ...online(), OPENAI_API_KEY: 'sk-wrong' });
    expect(result.code).toBe(EXIT.ok);
    expect(result.err).toBe('The OpenAI voice refused the API key; using the offline voice instead.');
    expect((await wavAt(join(result.dir, 'x.wav'))).samples.length).toBeGreaterThan(SAMPLE_RATE * 0.3);
  });

  it('falls back when the service fails, and says so in one line', async () => {
    fake.inject('realtime', { kind: 'status', status: 500 });
    const result = await speak(['Hello.', '--out', '$DIR/x.wav', '--provider', 'openai'], online());
    expect(result).toMatchObject({
      code: EXIT.ok,
      err: 'The OpenAI voice is having problems (error 500); using the offline voice instead.'
    });
    expect(existsSync(join(result.dir, 'x.wav'))).toBe(true);
  });

  it('warns about an unknown voice and uses the default', async () => {
    const openai = await speak(['Hi.', '--out', '$DIR/x.wav', '--voice', 'gandalf'], online());
    expect(openai).toMatchObject({ code: EXIT.ok, err: 'The OpenAI voice has no "gandalf" voice; using alloy.' });
    expect(lastVoiceSession().find((e) => e.type === 'session.update')!.session.audio.output.voice).toBe('alloy');
    const offline = await speak(['Hi.', '--out', '$DIR/x.wav', '--voice', 'gandalf', '--provider', 'offline']);
    expect(offline).toMatchObject({
      code: EXIT.ok,
      err: 'The offline voice has no "gandalf" voice; using the default.'
    });
  });

  it('takes a voice only the offline engine has as a wish for the offline voice', async () => {
    const before = fake.requests.length;
    const result = await speak(['Guten Tag.', '--out', '$DIR/de.wav', '--voice', 'de'], online());
    expect(result).toMatchObject({ code: EXIT.ok, err: '' });
    expect(fake.requests.length).toBe(before);
  });

  it('rejects a bad rate or provider with exit code 2', async () => {
    for (const rate of ['3', '0.2', 'fast', '']) {
      const result = await speak(['Hi.', '--rate', rate, '--out', '$DIR/x.wav']);
      expect(result).toMatchObject({ code: EXIT.usage, err: expect.stringContaining('--rate must be a number') });
      expect(existsSync(join(result.dir, 'x.wav'))).toBe(false);
    }
    expect(await speak(['Hi.', '--provider', 'system'])).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('The system voice exists only in the Lumen app')
    });
    expect((await speak(['Hi.', '--provider', 'parrot'])).code).toBe(EXIT.usage);
  });

  it('does nothing for empty text', async () => {
    const result = await speak(['  ', '--out', '$DIR/x.wav'], online());
    expect(result).toMatchObject({ code: EXIT.ok, out: '', err: '' });
    expect(existsSync(join(result.dir, 'x.wav'))).toBe(false);
  });

  it('plays through a system player, or says plainly that there is none', async () => {
    const none = await speak(['Hello.'], { PATH: await mkdtemp(join(tmpdir(), 'lumen-empty-')) });
    expect(none).toMatchObject({
      code: EXIT.failed,
      err: 'No audio player found on this computer; use --out file.wav to save the speech.'
    });

    if (process.platform === 'win32') return;
    const bin = await mkdtemp(join(tmpdir(), 'lumen-bin-'));
    // A stand-in aplay that keeps a copy of what it was asked to play.
    await writeFile(join(bin, 'aplay'), `#!/bin/sh\n/bin/cp "$2" "${bin}/played.wav"\n`);
    await chmod(join(bin, 'aplay'), 0o755);
    const played = await speak(['Hello.'], { PATH: bin });
    expect(played).toMatchObject({ code: EXIT.ok, err: '' });
    expect((await wavAt(join(bin, 'played.wav'))).sampleRate).toBe(SAMPLE_RATE);
  });

  it('is in the help', async () => {
    const help = await runCli(['--help'], {
      out: (l) => expect(l).toContain('lumen speak "text"'),
      write: () => {},
      err: () => {},
      env: {},
      nodeVersion: 'v22.23.3'
    });
    expect(help).toBe(EXIT.ok);
  });
});
