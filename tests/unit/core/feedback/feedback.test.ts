import sharp from 'sharp';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_GONE } from '../../../../src/core/assistant/answer-records';
import { FEEDBACK_SET_ASIDE, FEEDBACK_UNREADABLE } from '../../../../src/core/feedback/feedback-store';
import { MemoryRecordStore, type RecordName, type RecordStore } from '../../../../src/core/ports';
import { JsonRecordStore } from '../../../../src/core/storage/json-record-store';
import type { EventPayload, ReplyOf } from '../../../../src/shared/contract';
import { evalCaseFileSchema } from '../../../../src/shared/eval-case';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { sentJpeg } from '../../../private-screen';
import { memoryCore } from '../../helpers';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

const newDataDir = () => mkdtemp(join(tmpdir(), 'lumen-feedback-'));

/** A real core keeping its records in `records`, against the fake service. */
async function coreWith(records: RecordStore) {
  const core = await memoryCore({ env: { OPENAI_BASE_URL: fake.baseURL }, records });
  await core.router.invoke('secrets.setKey', { key: fake.apiKey });
  await core.router.invoke('settings.update', { speech: { provider: 'screen-reader', earcons: false } });
  const done: string[] = [];
  /** How many were kept after each change, as the page hears it. */
  const kept: number[] = [];
  core.subscribe((channel, payload) => {
    if (channel === 'answer.done') done.push((payload as EventPayload<'answer.done'>).id);
    if (channel === 'feedback.changed') kept.push((payload as EventPayload<'feedback.changed'>).kept);
  });
  const invoke = async <T>(channel: string, request: unknown = {}): Promise<T> => {
    const result = await core.router.invoke(channel, request);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };
  /** Describes a picture, waits for the answer, and returns its id with the JPEG the service received. */
  const describePicture = async (question?: string) => {
    const before = fake.requests.length;
    const stripes = Array.from({ length: 10 }, (_, i) => `<rect x="${i * 32}" width="8" height="240" fill="#fff"/>`);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><rect width="320" height="240" fill="#2050d0"/>${stripes.join('')}</svg>`;
    const image = new Uint8Array(await sharp(Buffer.from(svg)).jpeg().toBuffer());
    const { id } = await invoke<{ id: string }>('describe.start', { source: 'camera', image, question });
    for (let i = 0; i < 3000 && !done.includes(id); i++) await new Promise((r) => setTimeout(r, 10));
    const chat = fake.requests.slice(before).find((r) => r.path === '/v1/chat/completions')!;
    return { id, sent: sentJpeg(chat.body)! };
  };
  return { core, invoke, describePicture, kept };
}

type Listed = ReplyOf<'feedback.list'>['entries'];

describe('feedback on answers', () => {
  it('is kept on this computer with the picture only when ticked, and given again replaces itself', async () => {
    const dir = await newDataDir();
    const { invoke, describePicture } = await coreWith(new JsonRecordStore(dir));
    const first = await describePicture();
    const given = await invoke('feedback.give', { id: first.id, right: false, note: 'It is blue, not red.' });
    expect(given).toMatchObject({
      question: 'Describe what the camera sees.',
      mode: 'scene',
      source: 'camera',
      model: 'gpt-6.1-terra',
      right: false,
      note: 'It is blue, not red.',
      hasPicture: false
    });
    const onDisk = async () => JSON.parse(await readFile(join(dir, 'feedback.json'), 'utf8'));
    expect(JSON.stringify(await onDisk())).not.toContain(first.sent.toString('base64').slice(0, 100));

    // Ticked: the picture that was sent is kept, in place of the feedback given before.
    await invoke('feedback.give', { id: first.id, right: false, note: 'It is blue.', includePicture: true });
    const [entry] = (await onDisk()).entries;
    expect(Buffer.from(entry.picture, 'base64').equals(first.sent)).toBe(true);
    const listed = (await invoke<{ entries: Listed }>('feedback.list')).entries;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ note: 'It is blue.', hasPicture: true });
    expect(listed[0]!.answer).toMatch(/^A 320×240 image, mostly blue/);

    // A second answer's feedback comes first in the list.
    const second = await describePicture('Is it blue?');
    await invoke('feedback.give', { id: second.id, right: true, includePicture: true });
    const both = (await invoke<{ entries: Listed }>('feedback.list')).entries;
    expect(both.map((e) => e.question)).toEqual(['Is it blue?', 'Describe what the camera sees.']);

    // A new start reads them back.
    const again = await coreWith(new JsonRecordStore(dir));
    expect((await again.invoke<{ entries: Listed }>('feedback.list')).entries).toEqual(both);
  });

  it('exports evaluation case drafts that the case format accepts', async () => {
    const { invoke, describePicture } = await coreWith(new MemoryRecordStore());
    const plain = await describePicture();
    const asked = await describePicture('Is it blue?');
    await invoke('feedback.give', { id: plain.id, right: false, note: 'It missed the stripes.', includePicture: true });
    await invoke('feedback.give', { id: asked.id, right: true });
    const exported = evalCaseFileSchema.parse(await invoke('feedback.export'));
    expect(exported.format).toBe('lumen-eval-cases');
    const [wrong, right] = exported.cases;
    expect(wrong).toMatchObject({
      draft: true,
      input: { mode: 'scene', question: null },
      origin: { kind: 'feedback', right: false, note: 'It missed the stripes.', model: 'gpt-6.1-terra' }
    });
    expect(Buffer.from(wrong!.input.picture!, 'base64').equals(plain.sent)).toBe(true);
    expect(wrong!.origin!.answer).toMatch(/^A 320×240 image/);
    expect(right).toMatchObject({ input: { picture: null, question: 'Is it blue?' }, origin: { right: true } });
  });

  it('is deleted one by one, all at once, and by "forget everything", with any copy set aside', async () => {
    const dir = await newDataDir();
    await writeFile(join(dir, 'feedback.json'), '{ "format": "lumen-feedback", "entr');
    const { invoke, describePicture, kept } = await coreWith(new JsonRecordStore(dir));
    const ids = [];
    for (const question of ['One?', 'Two?', 'Three?']) {
      const { id } = await describePicture(question);
      ids.push((await invoke<{ id: string }>('feedback.give', { id, right: true })).id);
    }
    expect(await invoke('feedback.delete', { id: ids[1] })).toEqual({ deleted: 1 });
    expect(await invoke('feedback.delete', { id: ids[1] })).toEqual({ deleted: 0 });
    const left = (await invoke<{ entries: Listed }>('feedback.list')).entries.map((e) => e.question);
    expect(left).toEqual(['Three?', 'One?']);
    expect(await invoke('feedback.delete', { all: true })).toEqual({ deleted: 2 });
    expect((await invoke<{ entries: Listed }>('feedback.list')).entries).toEqual([]);

    const { id } = await describePicture();
    await invoke('feedback.give', { id, right: false, includePicture: true });
    expect((await readdir(dir)).filter((f) => f.startsWith('feedback'))).toEqual([
      'feedback-unreadable.json',
      'feedback.json'
    ]);
    await invoke('history.forget');
    expect((await invoke<{ entries: Listed }>('feedback.list')).entries).toEqual([]);
    expect(kept).toEqual([1, 2, 3, 2, 2, 0, 1, 0]);
    // Deleting the files follows the answer: wait for it rather than for a time.
    for (let i = 0; i < 500 && (await readdir(dir)).some((f) => f.startsWith('feedback')); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await readdir(dir)).filter((f) => f.startsWith('feedback'))).toEqual([]);
    // The answer it was about is forgotten too.
    await expect(invoke('feedback.give', { id, right: true })).rejects.toThrow(`UNAVAILABLE: ${ANSWER_GONE}`);
  });

  it('refuses a note that is too long, and an answer Lumen no longer holds, politely', async () => {
    const { core, describePicture } = await coreWith(new MemoryRecordStore());
    const { id } = await describePicture();
    const long = await core.router.invoke('feedback.give', { id, right: false, note: 'x'.repeat(2001) });
    expect(long).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(!long.ok && long.error.message).toContain('The note is too long: 2000 characters at most.');
    expect(await core.router.invoke('feedback.give', { id: 'a404', right: true })).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: ANSWER_GONE }
    });
  });
});

describe('a saved feedback file that cannot be read', () => {
  for (const [kind, text] of [
    ['not JSON', '{ "format": "lumen-feedback", "entries": [ {"id": '],
    ['not feedback', JSON.stringify({ format: 'lumen-feedback', version: 1, entries: [{ id: 1 }] })]
  ] as const) {
    it(`(${kind}) is set aside, not written over; the list starts empty, said once, and nothing else is lost`, async () => {
      const dir = await newDataDir();
      const spending = JSON.stringify({ month: '2099-01', usd: 1 });
      await writeFile(join(dir, 'feedback.json'), text);
      await writeFile(join(dir, 'spending.json'), spending);
      const { core, invoke, describePicture } = await coreWith(new JsonRecordStore(dir));
      expect(core.startupNotices.filter((n) => n.text === FEEDBACK_SET_ASIDE)).toEqual([
        { level: 'error', text: FEEDBACK_SET_ASIDE }
      ]);
      expect((await invoke<{ entries: Listed }>('feedback.list')).entries).toEqual([]);
      expect(await readFile(join(dir, 'feedback-unreadable.json'), 'utf8')).toBe(text);
      expect(await readFile(join(dir, 'spending.json'), 'utf8')).toBe(spending);

      const { id } = await describePicture();
      await invoke('feedback.give', { id, right: true });
      expect(await readFile(join(dir, 'feedback-unreadable.json'), 'utf8')).toBe(text);
      const next = await coreWith(new JsonRecordStore(dir));
      expect(next.core.startupNotices.map((n) => n.text)).not.toContain(FEEDBACK_SET_ASIDE);
      expect((await next.invoke<{ entries: Listed }>('feedback.list')).entries).toHaveLength(1);
    });
  }

  it('that cannot be set aside either is left alone: feedback is then kept until Lumen closes', async () => {
    const written: RecordName[] = [];
    const records = new (class extends MemoryRecordStore {
      override async read(name: RecordName) {
        if (name === 'feedback') throw new Error('EACCES: permission denied');
        return super.read(name);
      }
      override async rename(): Promise<void> {
        throw new Error('EACCES: permission denied');
      }
      override async write(name: RecordName, value: unknown) {
        written.push(name);
        return super.write(name, value);
      }
    })();
    const { core, invoke, describePicture } = await coreWith(records);
    expect(core.startupNotices).toContainEqual({ level: 'error', text: FEEDBACK_UNREADABLE });
    const { id } = await describePicture();
    await invoke('feedback.give', { id, right: true });
    expect((await invoke<{ entries: Listed }>('feedback.list')).entries).toHaveLength(1);
    expect(written).not.toContain('feedback');
  });

  it('a failed write is said, and the feedback is not listed as kept', async () => {
    const records = new (class extends MemoryRecordStore {
      override async write(name: RecordName, value: unknown) {
        if (name === 'feedback') throw new Error('ENOSPC: no space left on device');
        return super.write(name, value);
      }
    })();
    const { core, invoke, describePicture } = await coreWith(records);
    const { id } = await describePicture();
    expect(await core.router.invoke('feedback.give', { id, right: true })).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'The feedback could not be saved on this computer. Please try again.' }
    });
    expect((await invoke<{ entries: Listed }>('feedback.list')).entries).toEqual([]);
  });
});
