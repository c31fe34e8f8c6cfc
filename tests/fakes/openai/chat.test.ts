import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from './index';
import { BEFORE_SHUTDOWNS, dataUrl, solidJpeg, twoColourPng } from './test-helpers';

let fake: FakeOpenAI;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ today: BEFORE_SHUTDOWNS });
  client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.baseURL, maxRetries: 0 });
});
afterAll(() => fake.close());

async function streamText(
  content: OpenAI.Chat.ChatCompletionContentPart[] | string
): Promise<{ text: string; chunks: OpenAI.Chat.ChatCompletionChunk[] }> {
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content }]
  });
  const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
  for await (const c of stream) chunks.push(c);
  return { text: chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), chunks };
}

describe('chat completions through the openai SDK', () => {
  const cases: Array<{ w: number; h: number; rgb: [number, number, number]; colour: string }> = [
    { w: 640, h: 480, rgb: [220, 20, 30], colour: 'red' },
    { w: 320, h: 240, rgb: [20, 40, 230], colour: 'blue' },
    { w: 1024, h: 768, rgb: [30, 160, 40], colour: 'green' },
    { w: 200, h: 300, rgb: [250, 220, 20], colour: 'yellow' }
  ];
  for (const c of cases) {
    it(`streams an answer naming a ${c.w}×${c.h} ${c.colour} frame`, async () => {
      const jpeg = await solidJpeg(c.w, c.h, c.rgb);
      const { text, chunks } = await streamText([
        { type: 'text', text: 'What do you see?' },
        { type: 'image_url', image_url: { url: dataUrl(jpeg), detail: 'low' } }
      ]);
      expect(text).toMatch(new RegExp(`^A ${c.w}×${c.h} image, mostly ${c.colour}\\b`));
      expect(chunks.length).toBeGreaterThan(4); // really streamed in pieces
      const usage = chunks.at(-1)!.usage!;
      expect(usage.prompt_tokens).toBeGreaterThanOrEqual(85);
      expect(usage.completion_tokens).toBe(chunks.filter((x) => x.choices[0]?.delta.content).length);
    });
  }

  it('names both colours of a two-colour picture', async () => {
    const png = await twoColourPng(800, 600, [20, 40, 230], [250, 220, 20], 0.65);
    const { text } = await streamText([{ type: 'image_url', image_url: { url: dataUrl(png, 'image/png') } }]);
    expect(text).toMatch(/^A 800×600 image, mostly blue and yellow/);
  });

  it('describes several images, one sentence each, and counts high-detail tiles', async () => {
    const a = await solidJpeg(640, 480, [220, 20, 30]);
    const b = await solidJpeg(2048, 1024, [10, 10, 10]);
    const res = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: dataUrl(a) } },
            { type: 'image_url', image_url: { url: dataUrl(b), detail: 'high' } }
          ]
        }
      ]
    });
    const text = res.choices[0]!.message.content!;
    expect(text).toMatch(/^A 640×480 image, mostly red, [a-z ]+\. A 2048×1024 image, mostly black, dark\.$/);
    // 640×480 → 2×1 tiles (425); 2048×1024 → 1536×768 → 3×2 tiles (1105); plus a few text tokens.
    expect(res.usage!.prompt_tokens).toBeGreaterThanOrEqual(425 + 1105);
    expect(res.usage!.prompt_tokens).toBeLessThan(425 + 1105 + 20);
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('gpt-4o-2024-08-06');
  });

  it('echoes text and gives a long answer on request; setReply overrides', async () => {
    expect((await streamText('hello lumen')).text).toBe('You said: hello lumen');
    const long = (await streamText('please give a long answer')).text;
    expect(long.split(/(?<=\.) /).length).toBeGreaterThanOrEqual(6);
    const own = await startFakeOpenAI({ today: BEFORE_SHUTDOWNS });
    try {
      own.setReply('A door is ahead.');
      const c = new OpenAI({ apiKey: own.apiKey, baseURL: own.baseURL, maxRetries: 0 });
      const r = await c.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
      expect(r.choices[0]!.message.content).toBe('A door is ahead.');
    } finally {
      await own.close();
    }
  });

  it('rejects remote image URLs, broken images and unknown models like the service', async () => {
    await expect(
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }]
      })
    ).rejects.toMatchObject({ status: 400, code: 'invalid_image_url' });
    await expect(
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }]
      })
    ).rejects.toMatchObject({ status: 400, code: 'image_parse_error' });
    await expect(
      client.chat.completions.create({ model: 'gpt-9000', messages: [{ role: 'user', content: 'x' }] })
    ).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found'
    });
  });

  it('logs every request, including the frame it received', async () => {
    const jpeg = await solidJpeg(64, 48, [0, 0, 0]);
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: dataUrl(jpeg) } }] }]
    });
    const rec = await fake.waitFor((r) => JSON.stringify(r.body).includes(jpeg.toString('base64')));
    expect(rec).toMatchObject({ method: 'POST', path: '/v1/chat/completions', aborted: false });
    expect(rec.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
  });

  it('marks a request aborted when the client goes away mid-stream', async () => {
    const own = await startFakeOpenAI({ today: BEFORE_SHUTDOWNS, timing: { chatTokensPerSecond: 50 } });
    try {
      const c = new OpenAI({ apiKey: own.apiKey, baseURL: own.baseURL, maxRetries: 0 });
      const stream = await c.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'a long answer please' }]
      });
      let n = 0;
      // Leaving the loop early aborts the SDK's request.
      for await (const _ of stream) if (++n === 3) break;
      await expect.poll(() => own.requests[0]?.aborted, { timeout: 3000 }).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('lists models like the service', async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    for (const id of [
      'gpt-4o',
      'gpt-4o-mini',
      'gpt-realtime',
      'gpt-4o-mini-tts',
      'whisper-1',
      'gpt-4o-mini-transcribe'
    ])
      expect(ids).toContain(id);
    expect(await client.models.retrieve('gpt-4o')).toMatchObject({ id: 'gpt-4o', object: 'model', owned_by: 'system' });
  });
});
