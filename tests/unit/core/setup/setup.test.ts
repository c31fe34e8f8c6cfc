import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../../src/core/app';
import { MemoryRecordStore, type RecordStore, type SettingsStore } from '../../../../src/core/ports';
import { CAMERA_SEES } from '../../../../src/core/setup/camera-look';
import { WELCOME } from '../../../../src/core/setup/setup-capability';
import { UNREADABLE_NOTICE } from '../../../../src/core/setup/setup-record';
import { JsonRecordStore } from '../../../../src/core/storage/json-record-store';
import { JsonSettingsStore } from '../../../../src/core/storage/json-settings-store';
import { AudioFrame, decodeAudioFrame } from '../../../../src/shared/audio-frames';
import { DEFAULT_SETTINGS, type Settings } from '../../../../src/shared/settings';
import { until } from '../conversation/helpers';
import { noisePng, screenPng, solidPng } from '../imaging/images';
import { memoryCore } from '../../helpers';

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

/** Settings kept in memory, as if saved by an earlier run when `saved` is given. */
function settingsStore(saved?: Settings): SettingsStore {
  let stored: unknown = saved;
  return {
    read: async () => stored,
    write: async (s) => {
      stored = s;
    }
  };
}

async function start(records: RecordStore, settings = settingsStore()) {
  const core = await memoryCore({ records, settingsStore: settings });
  cores.push(core);
  const events: Array<{ channel: string; payload: any }> = [];
  core.subscribe((channel, payload) => events.push({ channel, payload }));
  const invoke = async (channel: string, payload: unknown = {}) => {
    const result = await core.router.invoke(channel, payload);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as any;
  };
  return { core, events, invoke };
}

const welcomes = (events: Array<{ channel: string; payload: any }>) =>
  events.filter((e) => e.channel === 'status' && e.payload.text === WELCOME).length;

/** A window's player, as the page opens it: counts the samples of each utterance it is sent. */
function openPlayer(core: Core) {
  const samples = new Map<number, number>();
  const opened = core.router.openStream('speech.audio', {
    send(chunk) {
      const frame = decodeAudioFrame(chunk)!;
      if (frame.type === AudioFrame.pcm) {
        samples.set(frame.utterance, (samples.get(frame.utterance) ?? 0) + frame.payload.byteLength / 2);
      }
    },
    close() {}
  });
  if (!opened.ok) throw new Error(opened.error.message);
  return samples;
}

describe('the first-run setup', () => {
  it('a first run opens setup at its first step and is welcomed once, in the offline voice whatever voice is chosen', async () => {
    const records = new MemoryRecordStore();
    const { core, events, invoke } = await start(records);
    expect(await invoke('setup.get')).toEqual({ done: false, step: 'key', completed: [] });
    // The user's choice of voice does not matter before any is made: the welcome is the offline voice's.
    await invoke('settings.update', { speech: { provider: 'screen-reader' } });

    const player = openPlayer(core);
    expect(welcomes(events)).toBe(1);
    const status = events.find((e) => e.channel === 'status' && e.payload.text === WELCOME)!.payload;
    expect(status).toMatchObject({ level: 'info', spoken: true });
    await until(() => player.size > 0, 20_000, 'the welcome reaches the player');
    // Sound for the player, with no key set: the offline voice, not the screen reader (a page.request).
    expect(events.some((e) => e.channel === 'page.request')).toBe(false);

    // A reload (the window opens its player again) and a second start are not welcomed again.
    openPlayer(core);
    expect(welcomes(events)).toBe(1);
    const again = await start(records, settingsStore(core.settings.get()));
    openPlayer(again.core);
    expect(welcomes(again.events)).toBe(0);
    expect(await again.invoke('setup.get')).toEqual({ done: false, step: 'key', completed: [] });
  });

  it('a setup left half-way reopens at the same step after a restart; done stays done', async () => {
    const records = new MemoryRecordStore();
    const first = await start(records);
    const saved = await first.invoke('setup.update', { step: 'camera', completed: ['voice', 'key', 'voice'] });
    // Steps are kept once each, in setup's order, whatever order the page sends them in.
    expect(saved).toEqual({ done: false, step: 'camera', completed: ['key', 'voice'] });

    const second = await start(records, settingsStore(first.core.settings.get()));
    expect(await second.invoke('setup.get')).toEqual(saved);
    await second.invoke('setup.update', { done: true, completed: ['key', 'voice', 'camera'] });

    const third = await start(records, settingsStore(first.core.settings.get()));
    expect(await third.invoke('setup.get')).toEqual({
      done: true,
      step: 'camera',
      completed: ['key', 'voice', 'camera']
    });
    openPlayer(third.core);
    expect(welcomes(third.events)).toBe(0);
  });

  it('someone who used an earlier Lumen (settings saved, no setup record) goes straight home, and can run setup again', async () => {
    const records = new MemoryRecordStore();
    const { core, events, invoke } = await start(records, settingsStore(structuredClone(DEFAULT_SETTINGS)));
    expect(await invoke('setup.get')).toEqual({ done: true, step: 'key', completed: [] });
    openPlayer(core);
    expect(welcomes(events)).toBe(0);

    await invoke('setup.update', { step: 'hotkeys', completed: ['key'] });
    // Run from Settings, where the user already is: back to the start, without the first run's welcome.
    expect(await invoke('setup.restart')).toEqual({ done: false, step: 'key', completed: [] });
    openPlayer(core);
    expect(welcomes(events)).toBe(0);
    expect(await records.read('setup')).toMatchObject({ done: false, step: 'key', completed: [] });
  });

  it.each([
    ['not JSON', '{"done": tru'],
    ['JSON of the wrong shape', JSON.stringify({ done: 'yes', step: 'garden', completed: 'key' })]
  ])('a setup record that is %s: setup from the start, said once, and nothing else lost', async (_, broken) => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-setup-'));
    const records = new JsonRecordStore(dir);
    const settings = JsonSettingsStore.inDir(dir);
    const before = await start(records, settings);
    await before.invoke('settings.update', { speech: { rate: 1.5 }, budget: { monthlyLimitUsd: 7 } });
    await before.invoke('setup.update', { step: 'spending', completed: ['key', 'voice'] });
    await before.core.close();
    cores.splice(cores.indexOf(before.core), 1);
    await writeFile(join(dir, 'setup.json'), broken);

    const after = await start(records, settings);
    expect(after.core.startupNotices).toContainEqual({ level: 'error', text: UNREADABLE_NOTICE });
    expect(await after.invoke('setup.get')).toEqual({ done: false, step: 'key', completed: [] });
    expect(after.core.settings.get().speech.rate).toBe(1.5);
    expect(after.core.settings.get().budget.monthlyLimitUsd).toBe(7);
    // Said once: the defaults were written, so the next start finds a record it can read.
    expect(JSON.parse(await readFile(join(dir, 'setup.json'), 'utf8'))).toMatchObject({ done: false, step: 'key' });
    const later = await start(records, settings);
    expect(later.core.startupNotices.map((n) => n.text)).not.toContain(UNREADABLE_NOTICE);
  });

  it('a bad setup.update is refused with a sentence, and nothing is changed', async () => {
    const { core, invoke } = await start(new MemoryRecordStore());
    for (const bad of [
      { step: 'garden' },
      { completed: ['key', 'lunch'] },
      { done: 'yes' },
      { step: 'key', extra: 1 }
    ]) {
      const result = await core.router.invoke('setup.update', bad);
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.error).toMatchObject({
          code: 'INVALID_REQUEST',
          message: expect.stringMatching(/^That setup\.update request was not valid: .+/)
        });
    }
    expect(await invoke('setup.get')).toEqual({ done: false, step: 'key', completed: [] });
  });
});

describe('capture.check: one camera frame through the capture guard', () => {
  it('says whether the camera sees something, too little light, or one colour', async () => {
    const { core, invoke } = await start(new MemoryRecordStore());
    expect(await invoke('capture.check', { image: await screenPng(640, 480) })).toEqual({
      ok: true,
      message: CAMERA_SEES
    });
    expect(await invoke('capture.check', { image: await solidPng(320, 240, { r: 0, g: 0, b: 0 }) })).toMatchObject({
      ok: false,
      reason: 'black'
    });
    expect(await invoke('capture.check', { image: await noisePng(320, 240, 30, 10) })).toMatchObject({
      ok: false,
      reason: 'dark',
      message: expect.stringContaining('too dark')
    });
    expect(await invoke('capture.check', { image: await solidPng(320, 240, { r: 200, g: 50, b: 100 }) })).toMatchObject(
      {
        ok: false,
        reason: 'uniform',
        message: expect.stringContaining('all one colour')
      }
    );
    const broken = await core.router.invoke('capture.check', { image: new Uint8Array([1, 2, 3, 4]) });
    expect(broken).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });
});
