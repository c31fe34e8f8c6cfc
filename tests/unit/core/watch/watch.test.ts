import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchStatus } from '../../../../src/shared/contract';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { darkShare, sentJpeg } from '../../../private-screen';
import { DIALOG_LAYOUT, dialogPng, DOWNLOAD_STEPS } from '../../../progress-dialog';
import { clockedCore } from '../../helpers';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

const chats = () => fake.requests.filter((r) => r.path === '/v1/chat/completions');

/** A core with a clock the test moves, and the watch list each time it changes. */
async function watchCore() {
  const { core, clock, said, saying } = await clockedCore({ env: { OPENAI_BASE_URL: fake.baseURL } });
  const lists: WatchStatus[][] = [];
  core.subscribe((channel, payload) => {
    if (channel === 'watch.state') lists.push((payload as { watches: WatchStatus[] }).watches);
  });
  const start = async (request: {
    name?: string;
    area: 'region' | 'window';
    windowName?: string;
    describeChanges?: boolean;
  }) => {
    const result = await core.router.invoke('watch.start', { describeChanges: false, ...request });
    if (!result.ok) throw new Error(result.error.message);
    return result.value as WatchStatus;
  };
  /** One frame of a watch at `at` ms; what became of it and what it made Lumen say. */
  const frame = async (id: string, image: Uint8Array, at: number, windowName?: string) => {
    clock.now = at;
    const result = await core.router.invoke('watch.frame', { id, image, windowName });
    if (!result.ok) throw new Error(result.error.message);
    return result.value as { result: string; remarks: string[] };
  };
  return { core, said, saying, lists, start, frame };
}

const steps = await Promise.all(DOWNLOAD_STEPS.map((state) => dialogPng(state)));
const [connecting, half, checking, complete] = steps as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];

describe('watching the screen', () => {
  it('says the new text of each settled change, offline, with no key and no request', async () => {
    const before = fake.requests.length;
    const w = await watchCore();
    const watch = await w.start({ area: 'region' });
    expect(watch).toMatchObject({ name: 'Region 1', area: 'region', describeChanges: false });
    await w.saying(/^Watching Region 1\. Lumen reads new text when it changes\./);

    expect(await w.frame(watch.id, connecting, 0)).toEqual({ result: 'first', remarks: [] });
    expect(await w.frame(watch.id, connecting, 500)).toEqual({ result: 'same', remarks: [] });
    const remarks: string[] = [];
    let at = 1000;
    for (const image of [half, checking, complete]) {
      expect(await w.frame(watch.id, image, at)).toEqual({ result: 'settling', remarks: [] });
      const settled = await w.frame(watch.id, image, at + 500);
      expect(settled.result).toBe('changed');
      remarks.push(...settled.remarks);
      expect(await w.frame(watch.id, image, at + 1000)).toEqual({ result: 'same', remarks: [] });
      at += 1500;
    }
    expect(remarks).toEqual([
      'New text: Half of the file received.',
      'New text: Checking the file.',
      'New text: Download complete. Saved in your Downloads folder.'
    ]);
    await w.saying(/New text: Download complete\./);
    expect(w.said.filter((s) => s.startsWith('New text'))).toHaveLength(3);
    expect(fake.requests.length).toBe(before);
    expect(w.lists.at(-1)).toEqual([expect.objectContaining({ frames: 11, changes: 3, pictures: 0, costUsd: 0 })]);
    await w.core.close();
  });

  it('a caret blinking says nothing; a change without new words says so once', async () => {
    const w = await watchCore();
    const { id } = await w.start({ area: 'window', windowName: 'Downloads' });
    const state = DOWNLOAD_STEPS[1]!;
    await w.frame(id, await dialogPng(state), 0);
    const caret = await dialogPng({ ...state, caret: true });
    const blinks = [];
    for (let i = 1; i <= 4; i++) blinks.push((await w.frame(id, i % 2 ? caret : half, i * 500)).result);
    expect(blinks).toEqual(['same', 'same', 'same', 'same']);

    const fuller = await dialogPng({ ...state, progress: 0.7 });
    await w.frame(id, fuller, 2500);
    expect(await w.frame(id, fuller, 3000)).toEqual({ result: 'changed', remarks: ['The watched area changed.'] });
    const fullest = await dialogPng({ ...state, progress: 0.8 });
    await w.frame(id, fullest, 3500);
    expect(await w.frame(id, fullest, 4000)).toEqual({ result: 'changed', remarks: [] });
    await w.core.close();
  });

  it('runs several watches, each named and stoppable; remarks say whose they are', async () => {
    const w = await watchCore();
    const first = await w.start({ area: 'region' });
    const downloads = await w.start({ area: 'region', name: 'Downloads' });
    const window = await w.start({ area: 'window', windowName: 'Chat - Sam' });
    const second = await w.start({ area: 'region' });
    expect([first.name, downloads.name, window.name, second.name]).toEqual([
      'Region 1',
      'Downloads',
      'Chat - Sam',
      'Region 2'
    ]);
    await w.frame(downloads.id, connecting, 0);
    await w.frame(downloads.id, complete, 500);
    const settled = await w.frame(downloads.id, complete, 1000);
    expect(settled.remarks).toEqual(['Downloads: New text: Download complete. Saved in your Downloads folder.']);

    const stopped = await w.core.router.invoke('watch.stop', { id: first.id });
    expect(stopped).toMatchObject({ ok: true });
    await w.saying(/Stopped watching Region 1\./);
    const listed = await w.core.router.invoke('watch.list', {});
    expect(listed.ok && (listed.value as { watches: WatchStatus[] }).watches.map((s) => s.name)).toEqual([
      'Downloads',
      'Chat - Sam',
      'Region 2'
    ]);
    // A name in use is not given twice; a freed one is given again.
    expect((await w.start({ area: 'region' })).name).toBe('Region 1');
    expect((await w.start({ area: 'region', name: 'Downloads' })).name).toBe('Downloads 1');
    const gone = await w.core.router.invoke('watch.frame', { id: first.id, image: connecting });
    expect(gone).toMatchObject({ ok: false, error: { message: 'That watch has stopped.' } });
    await w.core.close();
  });

  it('stops every watch when the screen is locked, saying why', async () => {
    const w = await watchCore();
    await w.start({ area: 'region', name: 'Downloads' });
    await w.start({ area: 'window', windowName: 'Chat - Sam' });
    w.core.away('lock-screen');
    expect(w.lists.at(-1)).toEqual([]);
    await w.saying(
      /The screen is locked\. Stopped watching Downloads\. The screen is locked\. Stopped watching Chat - Sam\./
    );
    await w.core.close();
  });

  it('never watches a window on the deny list, nor one renamed onto it', async () => {
    const w = await watchCore();
    const refused = await w.core.router.invoke('watch.start', {
      area: 'window',
      windowName: 'Vault — Bitwarden',
      describeChanges: false
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('That window is on the deny list (Bitwarden)') }
    });
    const { id } = await w.start({ area: 'window', windowName: 'New tab - Browser' });
    await w.frame(id, connecting, 0, 'New tab - Browser');
    expect(await w.frame(id, half, 500, 'Accounts - Bitwarden - Browser')).toEqual({ result: 'same', remarks: [] });
    await w.saying(/That window is on the deny list \(Bitwarden\).*Stopped watching New tab - Browser\./);
    expect(w.lists.at(-1)).toEqual([]);
    await w.core.close();
  });

  it('describes each change in one sentence through the privacy shield, counting what it cost', async () => {
    const w = await watchCore();
    await w.core.router.invoke('secrets.setKey', { key: fake.apiKey });
    const before = chats().length;
    const { id } = await w.start({ area: 'window', windowName: 'Downloads', describeChanges: true });
    await w.saying(/Watching Downloads\. Lumen reads new text and describes each change\./);
    const withCard = await Promise.all(DOWNLOAD_STEPS.map((state) => dialogPng({ ...state, card: true })));
    await w.frame(id, withCard[0]!, 0);
    let at = 500;
    const remarks: string[][] = [];
    for (const image of withCard.slice(1)) {
      await w.frame(id, image, at);
      remarks.push((await w.frame(id, image, at + 500)).remarks);
      at += 1000;
    }
    const sent = chats().slice(before);
    expect(sent).toHaveLength(3);
    for (const request of sent) {
      const jpeg = sentJpeg(request.body)!;
      expect(await darkShare(jpeg, DIALOG_LAYOUT.card)).toBeGreaterThan(0.95);
      expect(await darkShare(jpeg, DIALOG_LAYOUT.cardLabel)).toBeLessThan(0.5);
    }
    // The offline text first, then the description; the second change is asked what is new since the first.
    expect(remarks[0]).toEqual(['New text: Half of the file received.', expect.stringMatching(/^A \d+×\d+ image/)]);
    expect(JSON.stringify(sent[1]!.body)).toContain('A moment ago you said:');
    const status = w.lists.at(-1)![0]!;
    expect(status).toMatchObject({ pictures: 3, changes: 3 });
    expect(status.costUsd).toBeGreaterThan(0);
    await w.core.close();
  });

  it('with "describe changes" but no key it watches offline and says why', async () => {
    const w = await watchCore();
    const watch = await w.start({ area: 'region', describeChanges: true });
    expect(watch.describeChanges).toBe(false);
    await w.saying(/key.*Changes are read offline, not described\./i);
    await w.core.close();
  });
});
