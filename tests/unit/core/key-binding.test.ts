import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretStore, MemoryKeyVault } from '../../../src/core/secrets';
import { createCloudVoice } from '../../../src/core/speech/cloud-voice';
import type { Environment } from '../../../src/core/ports';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai';
import { privateScreenPng } from '../../private-screen';
import { memoryCore, speakAsPage } from '../helpers';
import { startKeyProbe, type KeyProbe } from '../../key-probe';
import { until } from './conversation/helpers';

let fake: FakeOpenAI;
let probe: KeyProbe;
beforeAll(async () => {
  [fake, probe] = await Promise.all([startFakeOpenAI(), startKeyProbe()]);
});
afterAll(() => Promise.all([fake.close(), probe.close()]));

const fakePort = () => new URL(fake.baseURL).port;

/**
 * A core whose key store reads `env` as the host's does, its speech going to the screen reader (so
 * every sentence said arrives as an event), and everything it says or shows collected in `said`.
 */
async function keyCore(env: Environment) {
  const core = await memoryCore({ env, secrets: createSecretStore(new MemoryKeyVault(), env) });
  await core.router.invoke('settings.update', { speech: { provider: 'screen-reader', earcons: false } });
  const said: string[] = [];
  core.subscribe((channel, payload) => {
    if (channel === 'status') said.push((payload as { text: string }).text);
  });
  speakAsPage(core, (u) => said.push(u.text));
  return { core, said };
}

type KeyCore = Awaited<ReturnType<typeof keyCore>>;

/**
 * Everything that may call the service, with the endpoint moved to the probe: the connection check,
 * a describe, a typed question, the spoken conversation, the model catalogue (refreshed by the
 * endpoint change itself) and the OpenAI voice. Each must tell the user `why`.
 */
async function useEverything({ core, said }: KeyCore, why: string) {
  const told = async (what: string) => {
    await until(() => said.some((s) => s.includes(why)), 10_000, `${what} to say why`);
    said.length = 0;
  };
  const moved = await core.router.invoke('settings.update', { endpoint: probe.baseURL });
  expect(moved).toMatchObject({ ok: true });
  // The key section learns the same.
  expect(await core.router.invoke('secrets.status', {})).toMatchObject({
    ok: true,
    value: { keySet: false, forEndpoint: false, endpoint: `127.0.0.1 port ${probe.port}`, withheld: why }
  });

  expect(await core.router.invoke('connection.check', {})).toEqual({
    ok: true,
    value: { ok: false, endpoint: probe.baseURL, message: why }
  });
  expect(
    await core.router.invoke('describe.start', { source: 'camera', image: await privateScreenPng(['welcome']) })
  ).toMatchObject({
    ok: true
  });
  await told('a describe');
  expect(await core.router.invoke('assistant.ask', { question: 'What is on my desk?' })).toMatchObject({ ok: true });
  await told('a question');
  await core.router.invoke('conversation.start', {});
  await told('the conversation');
  await core.router.invoke('conversation.stop', {});
  await core.router.invoke('settings.update', { speech: { provider: 'openai' } });
  await core.router.invoke('speech.speak', { text: 'Hello there.' });
  await told('the OpenAI voice');
  await core.router.invoke('settings.update', { speech: { provider: 'screen-reader' } });
  // The catalogue refresh the endpoint change started, and any socket, have had time to go out.
  await new Promise((r) => setTimeout(r, 300));
}

describe('the API key is bound to the endpoint it was entered for', () => {
  it('a key saved for the service is sent nowhere else when the endpoint is changed, and the user is told why', async () => {
    const c = await keyCore({ OPENAI_BASE_URL: fake.baseURL });
    expect(await c.core.router.invoke('secrets.setKey', { key: fake.apiKey })).toMatchObject({
      ok: true,
      value: { keySet: true, source: 'lumen', boundTo: `127.0.0.1 port ${fakePort()}`, forEndpoint: true }
    });
    expect(await c.core.router.invoke('connection.check', {})).toMatchObject({ ok: true, value: { ok: true } });
    const before = probe.requests.length;

    await useEverything(
      c,
      `The saved key was entered for 127.0.0.1 port ${fakePort()}, so it is not sent to 127.0.0.1 port ${probe.port}. Enter the key for that endpoint in Settings.`
    );
    expect(probe.requests.slice(before).filter((r) => r.headers.authorization)).toEqual([]);
    expect(probe.heard(fake.apiKey)).toBe(false);

    // The key entered again for the probe goes there (the probe hears what it is sent), and only that one.
    const probeKey = 'sk-entered-for-the-probe-42';
    await c.core.router.invoke('secrets.setKey', { key: probeKey });
    await c.core.router.invoke('connection.check', {});
    expect(probe.authorizations()).toContain(`Bearer ${probeKey}`);
    expect(probe.heard(fake.apiKey)).toBe(false);
  });

  it('OPENAI_API_KEY goes to the endpoint OPENAI_BASE_URL names, and not to one set in Settings', async () => {
    const c = await keyCore({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL });
    expect(await c.core.router.invoke('secrets.status', {})).toMatchObject({
      ok: true,
      value: { keySet: true, source: 'environment' }
    });
    const checked = await c.core.router.invoke('connection.check', {});
    expect(checked).toMatchObject({ ok: true, value: { ok: true } });
    const before = probe.requests.length;

    await useEverything(
      c,
      `The key in OPENAI_API_KEY is sent only to api.openai.com and 127.0.0.1 port ${fakePort()} (OPENAI_BASE_URL), so it is not sent to 127.0.0.1 port ${probe.port}. Enter the key for that endpoint in Settings.`
    );
    expect(probe.requests.slice(before).filter((r) => r.headers.authorization)).toEqual([]);
    expect(probe.heard(fake.apiKey)).toBe(false);

    // Back to OPENAI_BASE_URL: the variable is sent there again.
    await c.core.router.invoke('settings.update', { endpoint: '' });
    expect(await c.core.router.invoke('connection.check', {})).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('an http:// endpoint is refused unless it is on this computer', async () => {
    const { core } = await keyCore({ OPENAI_BASE_URL: fake.baseURL });
    for (const endpoint of ['http://example.com/v1', 'http://10.0.0.2:8080/v1', 'http://127.0.0.1.example.com/v1']) {
      expect(await core.router.invoke('settings.update', { endpoint })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_REQUEST', message: expect.stringContaining('needs https://') }
      });
    }
    for (const endpoint of [
      `http://127.0.0.1:${probe.port}/v1`,
      `http://[::1]:${probe.port}/v1`,
      `http://localhost:${probe.port}/v1`,
      'https://example.com/v1'
    ]) {
      expect(await core.router.invoke('settings.update', { endpoint })).toMatchObject({
        ok: true,
        value: { endpoint }
      });
    }
  });

  it('an http:// OPENAI_BASE_URL off this computer is not used: nothing is sent, and the user is told at start', async () => {
    const env = { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: 'http://example.com/v1' };
    const calls: string[] = [];
    const core = await memoryCore({
      env,
      secrets: createSecretStore(new MemoryKeyVault(), env),
      fetchImpl: async (input) => {
        calls.push(String(input));
        throw new Error('no network in this test');
      }
    });
    expect(core.startupNotices.map((n) => n.text)).toContainEqual(
      expect.stringMatching(/^OPENAI_BASE_URL is http:\/\/example\.com\/v1, so Lumen sends nothing: an http:\/\//)
    );
    const report = await core.router.invoke('connection.check', {});
    expect(report).toMatchObject({
      ok: true,
      value: { ok: false, message: expect.stringContaining('Lumen sends no key to http://example.com/v1') }
    });
    expect(await core.router.invoke('secrets.setKey', { key: 'sk-typed-in-111111' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' }
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toEqual([]);
  });

  it('a key kept by an earlier version is bound at start to the endpoint configured then', async () => {
    const vault = new MemoryKeyVault();
    await vault.save(fake.apiKey);
    const env = { OPENAI_BASE_URL: fake.baseURL };
    const { core } = { core: await memoryCore({ env, secrets: createSecretStore(vault, env) }) };
    expect(JSON.parse((await vault.load())!)).toEqual({ key: fake.apiKey, origin: new URL(fake.baseURL).origin });
    expect(await core.router.invoke('connection.check', {})).toMatchObject({ ok: true, value: { ok: true } });
    const before = probe.requests.length;
    await core.router.invoke('settings.update', { endpoint: probe.baseURL });
    await core.router.invoke('connection.check', {});
    await new Promise((r) => setTimeout(r, 200));
    expect(probe.requests.slice(before).filter((r) => r.headers.authorization)).toEqual([]);
  });

  it('the OpenAI voice asks for the key with the endpoint it is about to call, and calls nothing without one', async () => {
    for (const model of ['gpt-realtime-2.1-mini', 'gpt-4o-mini-tts']) {
      const asked: string[] = [];
      const voice = createCloudVoice({
        models: { model: () => model, retired: () => null },
        endpoint: () => probe.baseURL,
        key: async (endpoint) => {
          asked.push(endpoint);
          return undefined;
        },
        voice: () => 'alloy',
        instructions: () => undefined
      });
      const before = probe.requests.length;
      const spoken = (async () => {
        for await (const block of voice.synthesize({ text: 'Hello.', rate: 1, signal: new AbortController().signal }))
          void block;
      })();
      await expect(spoken).rejects.toThrow('No API key is set.');
      voice.close();
      expect(asked).toEqual([probe.baseURL]);
      expect(probe.requests.length).toBe(before);
    }
  });
});
