import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_GONE, AnswerRecords, MAX_ANSWER_RECORDS, NO_PICTURE } from '../../../src/core/assistant/answer-records';
import type { EventPayload } from '../../../src/shared/contract';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai';
import { darkShare, PRIVATE_SCREEN, privateScreenPng, sentJpeg } from '../../private-screen';
import { memoryCore } from '../helpers';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

type ChatBody = { messages: unknown[] };
const chatsSince = (before: number) => fake.requests.slice(before).filter((r) => r.path === '/v1/chat/completions');

/** A real core against the fake service, and what it tells the page. */
async function onlineCore() {
  const core = await memoryCore({ env: { OPENAI_BASE_URL: fake.baseURL } });
  await core.router.invoke('secrets.setKey', { key: fake.apiKey });
  await core.router.invoke('settings.update', { speech: { provider: 'screen-reader', earcons: false } });
  const started: Array<EventPayload<'answer.started'>> = [];
  const done: Array<EventPayload<'answer.done'>> = [];
  const said: string[] = [];
  core.subscribe((channel, payload) => {
    if (channel === 'answer.started') started.push(payload as EventPayload<'answer.started'>);
    if (channel === 'answer.done') done.push(payload as EventPayload<'answer.done'>);
    if (channel === 'status') said.push((payload as { text: string }).text);
  });
  /** Invokes, and waits for the answer it starts to end. */
  const answered = async (channel: 'describe.start' | 'describe.again' | 'assistant.ask', request: unknown) => {
    const result = await core.router.invoke(channel, request);
    if (!result.ok) throw new Error(result.error.message);
    const { id } = result.value as { id: string };
    for (let i = 0; i < 3000 && !done.some((d) => d.id === id); i++) await new Promise((r) => setTimeout(r, 10));
    return done.find((d) => d.id === id)!;
  };
  return { core, started, done, said, answered };
}

/** A striped picture (so the capture guard lets it through), as a camera might give it. */
const cameraPicture = async () => {
  const stripes = Array.from({ length: 20 }, (_, i) => `<rect x="${i * 32}" width="8" height="480" fill="#fff"/>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" fill="#c03060"/>${stripes.join('')}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).jpeg().toBuffer());
};

describe('the answers Lumen holds', () => {
  it('"show picture" gives back exactly the JPEG the service received', async () => {
    const { core, answered } = await onlineCore();
    const before = fake.requests.length;
    const answer = await answered('describe.start', { source: 'camera', image: await cameraPicture() });
    const picture = await core.router.invoke('answer.picture', { id: answer.id });
    expect(picture.ok).toBe(true);
    const bytes = Buffer.from((picture as { value: { image: Uint8Array } }).value.image);
    expect(bytes.equals(sentJpeg(chatsSince(before)[0]!.body)!)).toBe(true);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg' });
  });

  it('"ask again" sends the same picture and messages as a new answer, keeping the earlier one', async () => {
    const { core, answered, started } = await onlineCore();
    const before = fake.requests.length;
    const first = await answered('describe.start', {
      source: 'camera',
      image: await cameraPicture(),
      question: 'Which colour is it?'
    });
    const second = await answered('describe.again', { id: first.id });
    expect(second.id).not.toBe(first.id);
    expect(second.outcome).toBe('complete');
    const [one, two] = chatsSince(before).map((c) => c.body as ChatBody);
    expect(two!.messages).toEqual(one!.messages);
    expect(started.at(-1)).toEqual({
      id: second.id,
      question: 'Which colour is it?',
      mode: 'scene',
      source: 'camera',
      picture: true,
      again: first.id
    });
    // Both are still held: each shows the same picture.
    const pictures = await Promise.all([first.id, second.id].map((id) => core.router.invoke('answer.picture', { id })));
    const [a, b] = pictures.map((p) => Buffer.from((p as { value: { image: Uint8Array } }).value.image));
    expect(a!.equals(b!)).toBe(true);
  });

  it('asks again without shielding again: the blacked-out picture goes as it was, and what was hidden is said again', async () => {
    const { core, answered, said } = await onlineCore();
    await core.router.invoke('settings.update', { privacy: { shield: 'on' } });
    const before = fake.requests.length;
    const first = await answered('describe.start', { source: 'screen', image: await privateScreenPng() });
    await answered('describe.again', { id: first.id });
    const [one, two] = chatsSince(before).map((c) => sentJpeg(c.body)!);
    // Shielding again would prepare (and re-encode) the picture again: the bytes would change.
    expect(two!.equals(one!)).toBe(true);
    for (const piece of Object.values(PRIVATE_SCREEN.pieces).filter((p) => p.private)) {
      expect(await darkShare(two!, piece), piece.text).toBeGreaterThan(0.95);
    }
    const hidden = said.filter((s) => s.startsWith('3 private items hidden'));
    expect(hidden).toHaveLength(2);
  });

  it('asks again only within the monthly limit, and with a key, like any answer', async () => {
    const { core, answered, said } = await onlineCore();
    const first = await answered('describe.start', { source: 'camera', image: await cameraPicture() });
    await core.router.invoke('settings.update', { budget: { monthlyLimitUsd: 0.000001 } });
    const before = fake.requests.length;
    expect((await answered('describe.again', { id: first.id })).outcome).toBe('failed');
    expect(said.at(-1)).toMatch(/^This month's spending limit of .+ is reached/);
    await core.router.invoke('settings.update', { budget: { monthlyLimitUsd: 0 } });
    await core.router.invoke('secrets.clearKey', {});
    expect((await answered('describe.again', { id: first.id })).outcome).toBe('failed');
    expect(said.at(-1)).toBe('No API key is set. Open Settings and enter your OpenAI API key.');
    expect(chatsSince(before)).toEqual([]);
  });

  it('a typed question has no picture to show; a follow-up shows the picture it was about', async () => {
    const { core, answered } = await onlineCore();
    const question = await answered('assistant.ask', { question: 'What time is it?' });
    expect(await core.router.invoke('answer.picture', { id: question.id })).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: NO_PICTURE }
    });
    const before = fake.requests.length;
    await answered('describe.start', { source: 'camera', image: await cameraPicture() });
    const followUp = await answered('assistant.ask', { question: 'Is it red?' });
    const shown = await core.router.invoke('answer.picture', { id: followUp.id });
    const sent = chatsSince(before).map((c) => sentJpeg(c.body)!);
    expect(sent[1]!.equals(sent[0]!)).toBe(true);
    expect(Buffer.from((shown as { value: { image: Uint8Array } }).value.image).equals(sent[1]!)).toBe(true);
  });

  it('an unknown answer, or one forgotten with everything else, gets a polite error', async () => {
    const { core, answered } = await onlineCore();
    const gone = { ok: false, error: { code: 'UNAVAILABLE', message: ANSWER_GONE } };
    expect(await core.router.invoke('describe.again', { id: 'a999' })).toEqual(gone);
    const answer = await answered('describe.start', { source: 'camera', image: await cameraPicture() });
    await core.router.invoke('history.forget', {});
    expect(await core.router.invoke('describe.again', { id: answer.id })).toEqual(gone);
    expect(await core.router.invoke('answer.picture', { id: answer.id })).toEqual(gone);
    expect(await core.router.invoke('describe.again', { id: '' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' }
    });
  });
});

describe('the answer records', () => {
  it(`keep the latest ${MAX_ANSWER_RECORDS}`, () => {
    const records = new AnswerRecords();
    const turn = { mode: 'text' as const, text: '', images: [], answer: '' };
    for (let i = 1; i <= MAX_ANSWER_RECORDS + 1; i++) {
      records.keep({
        id: `a${i}`,
        question: `Question ${i}`,
        ownQuestion: true,
        source: 'question',
        mode: 'text',
        answer: '',
        model: '',
        at: new Date(),
        turn,
        context: []
      });
    }
    expect(() => records.get('a1')).toThrow(ANSWER_GONE);
    expect(records.get('a2').question).toBe('Question 2');
    expect(records.get(`a${MAX_ANSWER_RECORDS + 1}`).question).toBe(`Question ${MAX_ANSWER_RECORDS + 1}`);
  });
});
