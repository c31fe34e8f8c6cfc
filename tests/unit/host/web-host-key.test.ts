import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSecretStore, MemoryKeyVault } from '../../../src/core/secrets';
import { tokenProtocols, WS_PATH } from '../../../src/host/web/frames';
import { startWebHost, type WebHost } from '../../../src/host/web/server';
import { toWire } from '../../../src/shared/wire';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai';
import { privateScreenPng } from '../../private-screen';
import { memoryCore } from '../helpers';
import { startKeyProbe, type KeyProbe } from '../../key-probe';

let fake: FakeOpenAI;
let probe: KeyProbe;
let host: WebHost;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  [fake, probe] = await Promise.all([startFakeOpenAI(), startKeyProbe()]);
  const dir = await mkdtemp(join(tmpdir(), 'lumen-web-key-'));
  await mkdir(join(dir, 'renderer'), { recursive: true });
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(dir, 'shim.js'), '/* shim */');
  // As the web host builds its core: the key store reads the same environment.
  const env = { OPENAI_BASE_URL: fake.baseURL };
  host = await startWebHost({
    core: await memoryCore({ env, secrets: createSecretStore(new MemoryKeyVault(), env) }),
    rendererDir: join(dir, 'renderer'),
    shimFile: join(dir, 'shim.js')
  });
});

afterAll(async () => {
  sockets.forEach((s) => s.terminate());
  await Promise.all([host.close(), fake.close(), probe.close()]);
});

/** A page holding the web token, as any script in it would. */
async function page() {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}${WS_PATH}`, tokenProtocols(host.token));
  sockets.push(ws);
  const messages: any[] = [];
  ws.on('message', (data, isBinary) => {
    if (!isBinary) messages.push(JSON.parse(data.toString()));
  });
  await new Promise((resolve, reject) => ws.on('open', resolve).on('error', reject));
  let id = 0;
  const invoke = async (channel: string, payload: unknown = {}) => {
    const mine = ++id;
    ws.send(JSON.stringify({ t: 'invoke', id: mine, channel, payload: toWire(payload) }));
    for (let i = 0; i < 1000; i++) {
      const reply = messages.find((m) => m.t === 'reply' && m.id === mine);
      if (reply) return reply.result;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no reply to ${channel}`);
  };
  const statuses = () =>
    messages.filter((m) => m.t === 'event' && m.channel === 'status').map((m) => m.payload.text as string);
  return { invoke, statuses };
}

describe('the web host and the API key', () => {
  it('a page that moves the endpoint to its own server gets no key sent there, and the user is told why', async () => {
    const { invoke, statuses } = await page();
    expect(await invoke('secrets.setKey', { key: fake.apiKey })).toMatchObject({ ok: true, value: { keySet: true } });
    expect(await invoke('connection.check')).toMatchObject({ ok: true, value: { ok: true } });
    await invoke('settings.update', { speech: { provider: 'screen-reader', earcons: false } });
    const before = probe.requests.length;

    expect(await invoke('settings.update', { endpoint: probe.baseURL })).toMatchObject({ ok: true });
    const why = `The saved key was entered for 127.0.0.1 port ${new URL(fake.baseURL).port}, so it is not sent to 127.0.0.1 port ${probe.port}. Enter the key for that endpoint in Settings.`;
    expect(await invoke('secrets.status')).toMatchObject({ ok: true, value: { keySet: false, withheld: why } });
    expect(await invoke('connection.check')).toMatchObject({ ok: true, value: { ok: false, message: why } });
    await invoke('assistant.ask', { question: 'Anything?' });
    await invoke('describe.start', { source: 'camera', image: await privateScreenPng(['welcome']) });
    await invoke('conversation.start');
    await invoke('conversation.stop');
    for (let i = 0; i < 300 && statuses().filter((s) => s.includes(why)).length < 3; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(statuses().filter((s) => s.includes(why)).length).toBeGreaterThanOrEqual(3);
    // And an http:// endpoint elsewhere is not taken at all.
    expect(await invoke('settings.update', { endpoint: 'http://example.com/v1' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' }
    });
    await new Promise((r) => setTimeout(r, 200));

    expect(probe.requests.slice(before).filter((r) => r.headers.authorization)).toEqual([]);
    expect(probe.heard(fake.apiKey)).toBe(false);
  });
});
