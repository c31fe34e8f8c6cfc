import { createCipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { History, HISTORY_UNREADABLE, MAX_HISTORY } from '../../../../src/core/history/history';
import { unseal } from '../../../../src/core/history/sealed';
import { MemoryRecordStore, silentLogger } from '../../../../src/core/ports';
import { MemoryKeyVault } from '../../../../src/core/secrets';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { privateScreenPng } from '../../../private-screen';
import { memoryCore, speakAsPage } from '../../helpers';
import { until } from '../conversation/helpers';

/** Waits for a condition that must be looked up asynchronously (a record being written). */
async function eventually(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const entry = (n: number) => ({
  source: 'question' as const,
  question: `Question ${n}?`,
  answer: `Answer number ${n}.`
});

describe('the history record', () => {
  it('is kept only while switched on, and sealed: the record holds none of the words', async () => {
    const store = new MemoryRecordStore();
    const keys = new MemoryKeyVault();
    let on = false;
    const { history } = await History.open(store, keys, () => on, silentLogger);
    history.add(entry(1));
    await history.forget(); // waits for pending writes
    expect(await store.read('history')).toBeUndefined();
    on = true;
    history.add(entry(2));
    history.add(entry(3));
    expect(history.list().map((e) => e.question)).toEqual(['Question 3?', 'Question 2?']);
    await eventually(async () => (await store.read('history')) !== undefined, 'the record');
    const record = JSON.stringify(await store.read('history'));
    expect(record).toContain('lumen-history-1');
    expect(record).not.toMatch(/Question|Answer|number/);
    expect(await keys.load()).toMatch(/^[A-Za-z0-9+/]{43}=$/); // 32 random bytes
    const again = await History.open(store, keys, () => on, silentLogger);
    expect(again.notice).toBeUndefined();
    expect(again.history.list()).toEqual(history.list());
  });

  it('a history whose key is gone, or whose record was changed, is set aside with a notice', async () => {
    const store = new MemoryRecordStore();
    const keys = new MemoryKeyVault();
    const { history } = await History.open(store, keys, () => true, silentLogger);
    history.add(entry(1));
    await eventually(async () => (await store.read('history')) !== undefined, 'the record');
    const sealed = (await store.read('history')) as { data: string };

    const otherKey = await History.open(store, new MemoryKeyVault(), () => true, silentLogger);
    expect(otherKey.notice).toBe(HISTORY_UNREADABLE);
    expect(otherKey.history.list()).toEqual([]);
    expect(await store.read('history')).toBeUndefined();

    const changed = Buffer.from(sealed.data, 'base64');
    changed[0]! ^= 1;
    await store.write('history', { ...sealed, data: changed.toString('base64') });
    const tampered = await History.open(store, keys, () => true, silentLogger);
    expect(tampered.notice).toBe(HISTORY_UNREADABLE);
    expect(tampered.history.list()).toEqual([]);
  });

  it('a record with a shortened tag, or a nonce of another length, is refused as changed', async () => {
    const store = new MemoryRecordStore();
    const keys = new MemoryKeyVault();
    const { history } = await History.open(store, keys, () => true, silentLogger);
    history.add(entry(1));
    await eventually(async () => (await store.read('history')) !== undefined, 'the record');
    const sealed = (await store.read('history')) as { format: string; iv: string; tag: string; data: string };
    const key = (await keys.load())!;
    expect(unseal(sealed, key)).toHaveLength(1);

    // The real tag cut short: GCM checks only the bytes given unless the length is fixed.
    const tag = Buffer.from(sealed.tag, 'base64');
    const shortened = [4, 15].map((bytes) => ({ ...sealed, tag: tag.subarray(0, bytes).toString('base64') }));
    // Honestly sealed with the right key, but with a 16-byte or 8-byte nonce instead of 12.
    const otherNonces = [16, 8].map((bytes) => {
      const iv = randomBytes(bytes);
      const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
      cipher.setAAD(Buffer.from(sealed.format));
      const data = Buffer.concat([
        cipher.update(JSON.stringify([{ ...entry(9), at: new Date().toISOString() }])),
        cipher.final()
      ]);
      return {
        ...sealed,
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64')
      };
    });
    for (const record of [...shortened, ...otherNonces]) {
      expect(() => unseal(record, key)).toThrow();
      await store.write('history', record);
      const reopened = await History.open(store, keys, () => true, silentLogger);
      expect(reopened.notice).toBe(HISTORY_UNREADABLE);
      expect(reopened.history.list()).toEqual([]);
      expect(await store.read('history')).toBeUndefined();
    }
  });

  it(`keeps the newest ${MAX_HISTORY} exchanges`, async () => {
    const { history } = await History.open(new MemoryRecordStore(), new MemoryKeyVault(), () => true, silentLogger);
    for (let i = 1; i <= MAX_HISTORY + 3; i++) history.add(entry(i));
    const kept = history.list();
    expect(kept).toHaveLength(MAX_HISTORY);
    expect(kept[0]!.question).toBe(`Question ${MAX_HISTORY + 3}?`);
    expect(kept.at(-1)!.question).toBe('Question 4?');
  });
});

describe('the history and "forget everything" in use', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  /** A core keeping its settings, records and history key in the given places, as a host keeps them on disk. */
  async function historyCore(
    records = new MemoryRecordStore(),
    historyKeys = new MemoryKeyVault(),
    saved: { settings?: unknown } = {}
  ) {
    const core = await memoryCore({
      env: { OPENAI_BASE_URL: fake.baseURL },
      records,
      historyKeys,
      settingsStore: {
        read: async () => saved.settings,
        write: async (settings) => {
          saved.settings = settings;
        }
      }
    });
    await core.router.invoke('secrets.setKey', { key: fake.apiKey });
    await core.router.invoke('settings.update', {
      speech: { provider: 'screen-reader', earcons: false },
      privacy: { shield: 'off' }
    });
    const status: string[] = [];
    const answers: string[] = [];
    core.subscribe((channel, payload) => {
      if (channel === 'status') status.push((payload as { text: string }).text);
      if (channel === 'answer.done') answers.push((payload as { text: string }).text);
    });
    speakAsPage(core);
    const list = async () => {
      const listed = await core.router.invoke('history.list', {});
      if (!listed.ok) throw new Error(listed.error.message);
      return listed.value as { enabled: boolean; entries: Array<{ source: string; question: string; answer: string }> };
    };
    return { core, status, answers, list, records, historyKeys };
  }

  it('is off by default: answers leave no trace', async () => {
    const { core, answers, list, records } = await historyCore();
    await core.router.invoke('describe.start', { source: 'camera', image: await privateScreenPng(['welcome']) });
    await until(() => answers.length === 1, 10_000, 'the answer');
    expect(await list()).toEqual({ enabled: false, entries: [] });
    expect(await records.read('history')).toBeUndefined();
  });

  it('switched on, keeps what was asked and answered, across runs; switched off, erases it', async () => {
    const records = new MemoryRecordStore();
    const keys = new MemoryKeyVault();
    const saved = {};
    const first = await historyCore(records, keys, saved);
    await first.core.router.invoke('settings.update', { privacy: { history: true } });
    await first.core.router.invoke('describe.start', { source: 'camera', image: await privateScreenPng(['welcome']) });
    await until(() => first.answers.length === 1, 10_000, 'the answer');
    await first.core.router.invoke('assistant.ask', { question: 'What colour is it?' });
    await until(() => first.answers.length === 2, 10_000, 'the answer');
    const kept = await first.list();
    expect(kept.enabled).toBe(true);
    expect(kept.entries).toEqual([
      { at: expect.any(String), source: 'question', question: 'What colour is it?', answer: first.answers[1] },
      { at: expect.any(String), source: 'camera', question: 'Describe what the camera sees.', answer: first.answers[0] }
    ]);
    await eventually(async () => (await records.read('history')) !== undefined, 'the record');

    const second = await historyCore(records, keys, saved);
    expect((await second.list()).entries).toEqual(kept.entries);
    await second.core.router.invoke('settings.update', { privacy: { history: false } });
    await eventually(async () => (await records.read('history')) === undefined, 'the record erased');
    expect(await keys.load()).toBeUndefined();
    expect(await second.list()).toEqual({ enabled: false, entries: [] });
  });

  it('"forget everything" deletes the history and its key, and what follow-ups and reading would refer to', async () => {
    const { core, answers, status, list, records, historyKeys } = await historyCore();
    await core.router.invoke('settings.update', { privacy: { history: true } });
    const image = await privateScreenPng(['welcome', 'thanks']);
    await core.router.invoke('describe.start', { source: 'camera', image });
    await until(() => answers.length === 1, 10_000, 'the answer');
    await core.router.invoke('read.image', { image, source: 'file' });
    await eventually(async () => (await records.read('history')) !== undefined, 'the record');
    expect(await core.router.invoke('read.navigate', { action: 'next-line' })).toMatchObject({ ok: true });

    expect(await core.router.invoke('history.forget', {})).toEqual({ ok: true, value: { forgotten: true } });
    expect(status.at(-1)).toMatch(/^Everything Lumen remembered is forgotten/);
    expect((await list()).entries).toEqual([]);
    expect(await records.read('history')).toBeUndefined();
    expect(await historyKeys.load()).toBeUndefined();
    expect(await core.router.invoke('describe.more', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(await core.router.invoke('read.navigate', { action: 'next-line' })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' }
    });
    // A question now is about no picture: nothing earlier is sent again.
    const before = fake.requests.length;
    await core.router.invoke('assistant.ask', { question: 'What was in it?' });
    await until(() => answers.length === 2, 10_000, 'the answer');
    const body = JSON.stringify(fake.requests.slice(before).find((r) => r.path === '/v1/chat/completions')!.body);
    expect(body).not.toContain('data:image');
    expect(body).not.toContain(answers[0]!.slice(0, 30));
  });

  it('a history that cannot be opened is said at start-up; one kept while switched off is erased', async () => {
    const records = new MemoryRecordStore();
    const unreadable = { format: 'lumen-history-1', iv: 'AAAA', tag: 'AAAA', data: 'AAAA' };
    await records.write('history', unreadable);
    const saved = { settings: undefined as unknown };
    const off = await historyCore(records, new MemoryKeyVault(), saved);
    expect(off.core.startupNotices).toEqual([]);
    expect(await records.read('history')).toBeUndefined();

    await off.core.router.invoke('settings.update', { privacy: { history: true } });
    await records.write('history', unreadable);
    const on = await historyCore(records, new MemoryKeyVault(), saved);
    expect(on.core.startupNotices).toContainEqual({ level: 'error', text: HISTORY_UNREADABLE });
  });
});
