import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeIsSupported } from '../../../src/cli/doctor';
import { EXIT, runCli } from '../../../src/cli/run';
import { FileKeyVault } from '../../../src/core/storage/file-key-vault';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai';
import { darkShare, PRIVATE_SCREEN, privateScreenPng, sentJpeg } from '../../private-screen';
import pkg from '../../../package.json';
import { memoryCore, speakAsPage, uploads } from '../helpers';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

async function run(argv: string[], env: NodeJS.ProcessEnv = {}, nodeVersion = 'v22.23.3') {
  let out = '';
  const err: string[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'lumen-cli-'));
  const code = await runCli(argv, {
    out: (l) => (out += `${l}\n`),
    write: (t) => (out += t),
    err: (l) => err.push(l),
    env: { LUMEN_DATA_DIR: dataDir, ...env },
    nodeVersion
  });
  return { code, out: out.trimEnd(), err: err.join('\n'), dataDir };
}

describe('lumen CLI', () => {
  it('prints help and version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(EXIT.ok);
    expect(help.out).toContain('lumen doctor');
    expect(await run(['--version'])).toMatchObject({ code: EXIT.ok, out: pkg.version });
  });

  it('rejects unknown commands and flags with exit code 2', async () => {
    expect(await run(['teleport'])).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('not a lumen command')
    });
    expect((await run(['--frobnicate'])).code).toBe(EXIT.usage);
  });

  it('doctor passes against a reachable endpoint with a good key', async () => {
    const result = await run(['doctor'], { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL });
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toContain('OK: Node.js: version 22.23.3');
    expect(result.out).toContain('OK: API key: from OPENAI_API_KEY');
    expect(result.out).toMatch(/OK: Endpoint: http:\/\/127\.0\.0\.1:\d+\/v1: Connected to/);
    expect(result.out).toMatch(/OK: Offline voice: eSpeak NG with \d+ voices/);
    expect(result.out).not.toContain(fake.apiKey);
  });

  it('doctor fails with exit 1 for a missing key, a refused key, or an old Node', async () => {
    const none = await run(['doctor'], { OPENAI_BASE_URL: fake.baseURL });
    expect(none).toMatchObject({ code: EXIT.failed, out: expect.stringContaining('PROBLEM: API key: not set') });
    const wrong = await run(['doctor'], { OPENAI_API_KEY: 'sk-wrong-000000', OPENAI_BASE_URL: fake.baseURL });
    expect(wrong).toMatchObject({ code: EXIT.failed, out: expect.stringContaining('refused the API key') });
    const old = await run(
      ['doctor', '--json'],
      { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL },
      'v20.20.2'
    );
    expect(old.code).toBe(EXIT.failed);
    expect(JSON.parse(old.out).checks[0]).toMatchObject({ name: 'Node.js', state: 'problem' });
  });

  it('doctor uses the key the web host saved when there is no variable', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lumen-cli-'));
    await FileKeyVault.inDir(dataDir).save(fake.apiKey);
    const result = await run(['doctor'], { LUMEN_DATA_DIR: dataDir, OPENAI_BASE_URL: fake.baseURL });
    expect(result.out).toContain('OK: API key: saved in Lumen');
    expect(result.code).toBe(EXIT.ok);
  });

  it('knows which Node versions are supported', () => {
    expect(nodeIsSupported('v22.12.0')).toBe(true);
    expect(nodeIsSupported('v22.11.9')).toBe(false);
    expect(nodeIsSupported('v24.0.0')).toBe(true);
    expect(nodeIsSupported('v20.20.2')).toBe(false);
  });
});

describe('lumen describe', () => {
  const screenshot = join(import.meta.dirname, '..', '..', 'fixtures', 'images_screenshot_with_save_1024_768.png');

  it('streams a description of the picture from the service', async () => {
    const result = await run(['describe', '--image', screenshot, '--mode', 'screen'], {
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.baseURL
    });
    expect(result.code).toBe(EXIT.ok);
    // The fake answers from the pixels it received: auto detail sends the 1024×768 screenshot as is.
    expect(result.out).toMatch(/A 1024×768 image, mostly \w+/);
    const chat = fake.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!;
    expect(JSON.stringify(chat.body)).toContain('data:image/jpeg;base64,');
  });

  it('passes the app’s privacy shield: private text is blacked out before the picture leaves, and said', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-cli-'));
    const image = join(dir, 'private.png');
    await writeFile(image, await privateScreenPng());
    const online = { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL, LUMEN_DATA_DIR: dir };
    const before = fake.requests.length;
    const result = await run(['describe', '--image', image, '--mode', 'screen'], online);
    expect(result).toMatchObject({
      code: EXIT.ok,
      err: '3 private items hidden: a card number, an e-mail address and a security code.'
    });
    const sent = sentJpeg(fake.requests.slice(before).find((r) => r.path === '/v1/chat/completions')!.body)!;
    expect(await darkShare(sent, PRIVATE_SCREEN.pieces.card)).toBeGreaterThan(0.95);
    expect(await darkShare(sent, PRIVATE_SCREEN.pieces.welcome)).toBeLessThan(0.5);

    // Set to ask: held, with the way to send it anyway.
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 1, privacy: { shield: 'ask' } }));
    const sentBefore = uploads(fake);
    const held = await run(['describe', '--image', image, '--mode', 'screen'], online);
    expect(held).toMatchObject({
      code: EXIT.failed,
      err: expect.stringMatching(/^This picture shows 3 private items.*Add --insist/)
    });
    expect(uploads(fake)).toBe(sentBefore);
  });

  it('counts what it costs against the app’s monthly limit, and refuses once it is reached', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-cli-'));
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 1, budget: { monthlyLimitUsd: 0.001 } }));
    const online = { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL, LUMEN_DATA_DIR: dir };
    expect((await run(['describe', '--image', screenshot], online)).code).toBe(EXIT.ok);
    const spent = JSON.parse(await readFile(join(dir, 'spending.json'), 'utf8')) as { usd: number };
    expect(spent.usd).toBeGreaterThan(0.001);
    const before = uploads(fake);
    expect(await run(['describe', '--image', screenshot], online)).toMatchObject({
      code: EXIT.failed,
      err: expect.stringMatching(/^This month's spending limit of less than one cent is reached/)
    });
    expect(uploads(fake)).toBe(before);
  });

  it('keeps a black picture back unless told to insist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-cli-'));
    const black = join(dir, 'black.png');
    const sharp = (await import('sharp')).default;
    await sharp({ create: { width: 320, height: 240, channels: 3, background: '#000' } })
      .png()
      .toFile(black);
    const before = uploads(fake);
    const held = await run(['describe', '--image', black], {
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.baseURL
    });
    expect(held).toMatchObject({ code: EXIT.failed, err: expect.stringContaining('--insist') });
    expect(uploads(fake)).toBe(before);
    const sent = await run(['describe', '--image', black, '--insist'], {
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.baseURL
    });
    expect(sent).toMatchObject({ code: EXIT.ok, out: expect.stringContaining('mostly black') });
  });

  it('takes the app’s road: the same request as the app’s describe, and a change to the assistant changes both', async () => {
    const image = await readFile(screenshot);
    const lastChat = () => fake.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!.body as any;
    const viaCli = async (settings: object) => {
      const dir = await mkdtemp(join(tmpdir(), 'lumen-cli-'));
      await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 3, ...settings }));
      const env = { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL, LUMEN_DATA_DIR: dir };
      expect((await run(['describe', '--image', screenshot, '--mode', 'screen'], env)).code).toBe(EXIT.ok);
      return lastChat();
    };
    const viaApp = async (settings: object) => {
      const core = await memoryCore({ env: { OPENAI_BASE_URL: fake.baseURL } });
      await core.router.invoke('secrets.setKey', { key: fake.apiKey });
      await core.router.invoke('settings.update', { speech: { provider: 'screen-reader' }, ...settings });
      const done = new Promise<void>((resolve) =>
        core.subscribe((channel) => {
          if (channel === 'answer.done') resolve();
        })
      );
      speakAsPage(core);
      expect(await core.router.invoke('describe.start', { source: 'screen', image })).toMatchObject({ ok: true });
      await done;
      return lastChat();
    };
    const short = { privacy: { shield: 'off' } };
    const longer = { ...short, assistant: { verbosity: 'detailed', language: 'fr' } };
    const [cliShort, appShort] = [await viaCli(short), await viaApp(short)];
    expect(cliShort).toEqual(appShort);
    const [cliLonger, appLonger] = [await viaCli(longer), await viaApp(longer)];
    expect(cliLonger).toEqual(appLonger);
    expect(cliLonger.messages[0]).not.toEqual(cliShort.messages[0]);
  });

  it('says what is wrong with a missing, empty or broken file, and a missing key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-cli-'));
    const online = { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL };
    expect(await run(['describe', '--image', join(dir, 'nope.png')], online)).toMatchObject({
      code: EXIT.failed,
      err: expect.stringContaining('cannot find')
    });
    await writeFile(join(dir, 'empty.png'), '');
    expect((await run(['describe', '--image', join(dir, 'empty.png')], online)).err).toContain('empty');
    await writeFile(join(dir, 'broken.png'), 'not an image at all');
    expect((await run(['describe', '--image', join(dir, 'broken.png')], online)).err).toContain('could not read');
    expect(await run(['describe', '--image', screenshot], { OPENAI_BASE_URL: fake.baseURL })).toMatchObject({
      code: EXIT.failed,
      err: expect.stringContaining('No API key')
    });
    expect((await run(['describe'])).code).toBe(EXIT.usage);
    expect((await run(['describe', '--image', screenshot, '--mode', 'dream'])).code).toBe(EXIT.usage);
  });
});
