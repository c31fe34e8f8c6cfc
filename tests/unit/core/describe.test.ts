import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Screenshot } from '../../../src/core/ports';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai';
import { memoryCore, uploads } from '../helpers';
import type { UsageTotals } from '../../../src/core/usage/usage-counter';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

/** A screen with stripes (so the capture guard is satisfied), rendered at whatever size is asked. */
async function screenAt(width: number, height: number, colour = '#2050d0') {
  const stripes = Array.from(
    { length: 40 },
    (_, i) => `<rect x="${i * 48}" y="0" width="8" height="2160" fill="#fff"/>`
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="3840" height="2160"><rect width="3840" height="2160" fill="${colour}"/>${stripes}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).resize(width, height).jpeg().toBuffer());
}

async function onlineCore() {
  const captured: Array<{ width: number; height: number }> = [];
  const core = await memoryCore({
    env: { OPENAI_BASE_URL: fake.baseURL },
    screen: {
      displays: () => [{ id: '1', name: 'Built-in', primary: true, width: 3840, height: 2160 }],
      async capture(_target, options): Promise<Screenshot> {
        const size = options?.fit ? options.fit(3840, 2160) : { width: 3840, height: 2160 };
        captured.push(size);
        return { image: await screenAt(size.width, size.height), ...size, name: 'Entire screen' };
      }
    }
  });
  await core.router.invoke('secrets.setKey', { key: fake.apiKey });
  await core.router.invoke('settings.update', { speech: { provider: 'screen-reader', earcons: false } });
  const answers: string[] = [];
  core.subscribe((channel, payload) => {
    if (channel === 'answer.done') answers.push((payload as { text: string }).text);
  });
  return { core, captured, answers };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('describing pictures in core', () => {
  it('has the host capture the screen at the size it sends: a 4K screen goes as 1024×576', async () => {
    const { core, captured, answers } = await onlineCore();
    const result = await core.router.invoke('describe.capture', { target: 'screen' });
    expect(result).toMatchObject({ ok: true, value: { id: expect.any(String) } });
    await until(() => answers.length > 0);
    expect(captured).toEqual([expect.objectContaining({ width: 1024, height: 576 })]);
    expect(answers[0]).toMatch(/^A 1024×576 image, mostly blue/);
    // The request's tokens were counted.
    const used = (await core.router.invoke('usage.get', {})) as { ok: true; value: UsageTotals };
    expect(used.value.chat.requests).toBe(1);
    expect(used.value.chat.input).toBeGreaterThan(700);
  });

  it('when the chosen model keeps failing, the smaller one answers, and the user is told so first', async () => {
    const { core, answers } = await onlineCore();
    const said: string[] = [];
    core.subscribe((channel, payload) => channel === 'status' && said.push((payload as { text: string }).text));
    const before = fake.requests.length;
    fake.inject('chat', { kind: 'status', status: 500 }, 3); // the request and the client's two retries
    await core.router.invoke('describe.start', { source: 'file', image: await screenAt(640, 360) });
    await until(() => answers.length > 0);
    const models = fake.requests
      .slice(before)
      .filter((r) => r.path === '/v1/chat/completions')
      .map((r) => (r.body as { model: string }).model);
    expect(models).toEqual(['gpt-6.1-terra', 'gpt-6.1-terra', 'gpt-6.1-terra', 'gpt-6-luna']);
    expect(said).toContain('gpt-6.1-terra is not answering right now, so the smaller gpt-6-luna answers instead.');
    expect(answers[0]).toContain('640×360');

    // A stream cut after the answer began is not answered again by another model: it is said to be cut off.
    fake.inject('chat', { kind: 'cut-stream', afterChunks: 3 });
    const cutBefore = fake.requests.length;
    await core.router.invoke('assistant.ask', { question: 'And the colours?' });
    await until(() => said.some((t) => t.includes('cut off')));
    expect(fake.requests.slice(cutBefore).filter((r) => r.path === '/v1/chat/completions')).toHaveLength(1);
  });

  it('holds back a black picture, and sends it when the user insists', async () => {
    const { core, answers } = await onlineCore();
    const black = new Uint8Array(
      await sharp({ create: { width: 64, height: 48, channels: 3, background: '#000' } })
        .png()
        .toBuffer()
    );
    const before = uploads(fake);
    const held = await core.router.invoke('describe.start', { source: 'camera', image: black });
    expect(held).toEqual({
      ok: true,
      value: { id: null, guard: { reason: 'black', message: expect.stringContaining('black') } }
    });
    expect(uploads(fake)).toBe(before);
    const sent = await core.router.invoke('describe.start', { source: 'camera', image: black, insist: true });
    expect(sent).toMatchObject({ ok: true, value: { id: expect.any(String) } });
    await until(() => answers.length > 0);
    expect(answers[0]).toContain('64×48');
  });

  it('refuses broken images with a sentence to say, and "more" before any picture', async () => {
    const { core } = await onlineCore();
    expect(
      await core.router.invoke('describe.start', { source: 'file', image: new Uint8Array([1, 2, 3]) })
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('could not read') }
    });
    expect(await core.router.invoke('describe.more', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringContaining('no picture') }
    });
  });

  it('a new picture replaces the old one in what is sent; a follow-up resends the picture it is about', async () => {
    const { core, answers } = await onlineCore();
    await core.router.invoke('describe.start', { source: 'file', image: await screenAt(640, 360, '#d02020') });
    await until(() => answers.length === 1);
    await core.router.invoke('describe.start', { source: 'file', image: await screenAt(640, 360, '#20a020') });
    await until(() => answers.length === 2);
    await core.router.invoke('assistant.ask', { question: 'What colour is it?' });
    await until(() => answers.length === 3);
    const chats = fake.requests.filter((r) => r.path === '/v1/chat/completions').slice(-3);
    const images = chats.map((c) => (JSON.stringify(c.body).match(/data:image\/jpeg/g) ?? []).length);
    expect(images).toEqual([1, 1, 1]);
    expect(JSON.stringify(chats[2]!.body)).toContain(answers[0]!);
    expect(answers[1]).toContain('green');
  });

  it('says the web host cannot capture by itself, so the page does', async () => {
    const core = await memoryCore();
    for (const channel of ['describe.capture', 'read.capture'] as const) {
      expect(await core.router.invoke(channel, { target: 'window' })).toMatchObject({
        ok: false,
        error: { code: 'UNSUPPORTED' }
      });
    }
  });

  it('reading a broken picture aloud gives a sentence to say, not a crash', async () => {
    const core = await memoryCore();
    expect(await core.router.invoke('read.image', { image: new Uint8Array([9, 9, 9]) })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('could not read') }
    });
  });
});
