import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelService } from '../../../../src/core/models/model-service';
import { MemoryRecordStore } from '../../../../src/core/ports';
import { applySettingsPatch, DEFAULT_SETTINGS, type Settings } from '../../../../src/shared/settings';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { BEFORE_SHUTDOWNS } from '../../../fakes/openai/test-helpers';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ today: BEFORE_SHUTDOWNS });
});
afterAll(() => fake.close());

/** A model service on the fake, with settings in memory and a clock the test moves. */
async function service(
  options: {
    models?: Partial<Settings['models']>;
    now?: () => Date;
    records?: MemoryRecordStore;
    endpoint?: string;
    fetchImpl?: typeof fetch;
  } = {}
) {
  let settings = applySettingsPatch(DEFAULT_SETTINGS, { models: options.models ?? {} });
  const said: string[] = [];
  const changes: number[] = [];
  const records = options.records ?? new MemoryRecordStore();
  const models = await ModelService.open({
    records,
    settings: () => settings,
    updateSettings: async (patch) => {
      settings = applySettingsPatch(settings, patch);
    },
    endpoint: () => options.endpoint ?? fake.baseURL,
    key: async () => fake.apiKey,
    say: (text) => said.push(text),
    onChange: () => changes.push(1),
    now: options.now ?? (() => new Date('2026-12-03T10:00:00')),
    fetchImpl: options.fetchImpl
  });
  return { models, said, changes, records, settings: () => settings };
}

describe('the model service', () => {
  it('takes the service’s list and its shutdown dates, and keeps it for the next run', async () => {
    const records = new MemoryRecordStore();
    const { models } = await service({ records });
    expect(models.status().catalogue.source).toBe('built-in');
    await models.refresh();
    const status = models.status();
    expect(status.catalogue).toMatchObject({ source: 'service', compatible: false });
    expect(status.roles.find((r) => r.role === 'describe')).toMatchObject({
      inUse: 'gpt-6.1-terra',
      chosen: '',
      shutdownDate: null
    });
    const describeChoices = status.roles.find((r) => r.role === 'describe')!.choices;
    expect(describeChoices.map((c) => c.id)).toEqual(
      expect.arrayContaining(['gpt-6.1-terra', 'gpt-6.1-sol', 'gpt-4o'])
    );
    expect(describeChoices.find((c) => c.id === 'gpt-4o')).toMatchObject({ shutdownDate: '2027-01-14' });
    expect(status.roles.find((r) => r.role === 'conversation')!.choices[0]!.note).toMatch(
      /about 1\.5 cents a minute of talk/
    );
    await models.flushed();
    const next = await service({ records });
    expect(next.models.status().catalogue.source).toBe('saved');
  });

  it('a list that cannot be fetched keeps what is known and throws nothing', async () => {
    const answers: Array<() => Response> = [
      () => new Response('not json', { status: 200 }),
      () => new Response('{"error":{}}', { status: 401 }),
      () => new Response('oops', { status: 500 }),
      () => {
        throw new TypeError('fetch failed');
      },
      () => new Response(JSON.stringify({ data: [{ id: 'x'.repeat(10_000) }, { id: 42 }] }), { status: 200 })
    ];
    let next = 0;
    const { models } = await service({ fetchImpl: async () => answers[next++]!() });
    for (let i = 0; i < answers.length - 1; i++) {
      await models.refresh();
      expect(models.status().catalogue.source).toBe('built-in');
      expect(models.model('describe')).toBe('gpt-6.1-terra');
    }
    // A list with nothing usable in it is a (compatible) list: nothing crashes, the defaults stand.
    await models.refresh();
    expect(models.model('quick')).toBe('gpt-4o-mini');
  });

  it('a chosen model 20 days before its shutdown: one notice a day, naming the date and the successor', async () => {
    let now = new Date('2026-12-25T09:00:00');
    const { models, said } = await service({ models: { describe: 'gpt-4o' }, now: () => now });
    // A new list is followed by the notices it brings; asked again the same day, nothing more is said.
    await models.refresh();
    models.announceShutdowns();
    expect(said).toEqual([
      'gpt-4o, your choice for describing and questions, shuts down on 14 January 2027. Lumen will then use gpt-6.1-terra; you can switch now.'
    ]);
    expect(models.status().roles.find((r) => r.role === 'describe')!.notice).toBe(said[0]);
    now = new Date('2026-12-26T09:00:00');
    models.announceShutdowns();
    expect(said).toHaveLength(2);
  });

  it('no notice 31 days before, nor for a model Lumen chose itself', async () => {
    const { models, said } = await service({
      models: { describe: 'gpt-4o' },
      now: () => new Date('2026-12-14T09:00:00')
    });
    await models.refresh();
    models.announceShutdowns();
    expect(said).toEqual([]);
    const auto = await service({ now: () => new Date('2027-01-10T09:00:00') });
    await auto.models.refresh();
    auto.models.announceShutdowns();
    expect(auto.said).toEqual([]);
  });

  it('"switch now" moves the choice to the successor and says so', async () => {
    const { models, said, settings } = await service({ models: { conversation: 'gpt-realtime' } });
    await models.refresh();
    const status = await models.switchNow('conversation');
    expect(settings().models.conversation).toBe('gpt-realtime-2.1-mini');
    expect(status.roles.find((r) => r.role === 'conversation')!.inUse).toBe('gpt-realtime-2.1-mini');
    expect(said).toEqual(['The conversation now uses gpt-realtime-2.1-mini.']);
  });

  it('a retirement seen as a 404: the successor, one sentence, the choice moved, remembered next run', async () => {
    const records = new MemoryRecordStore();
    const { models, said, settings } = await service({ models: { describe: 'gpt-4o' }, records });
    expect(models.retired('describe', 'gpt-4o')).toBe('gpt-6.1-terra');
    expect(models.retired('describe', 'gpt-4o')).toBe('gpt-6.1-terra');
    expect(said).toEqual(['gpt-4o has been retired; Lumen now uses gpt-6.1-terra.']);
    await models.flushed();
    expect(settings().models.describe).toBe('gpt-6.1-terra');
    const next = await service({ records });
    expect(
      next.models
        .status()
        .roles.find((r) => r.role === 'describe')!
        .choices.map((c) => c.id)
    ).not.toContain('gpt-4o');
  });

  it('a user’s choice that the list no longer has is replaced once, when it is next used', async () => {
    const { models, said, settings } = await service({ models: { quick: 'gpt-4.1-nano' } });
    await models.refresh();
    expect(models.model('quick')).toBe('gpt-6-luna');
    expect(models.model('quick')).toBe('gpt-6-luna');
    expect(said).toEqual(['gpt-4.1-nano has been retired; Lumen now uses gpt-6-luna.']);
    await models.flushed();
    expect(settings().models.quick).toBe('gpt-6-luna');
  });

  it('learns refused parameters per model and keeps them', async () => {
    const records = new MemoryRecordStore();
    const { models } = await service({ records });
    models.refuseParameter('gpt-6.1-terra', 'temperature');
    models.refuseParameter('gpt-6.1-terra', 'temperature');
    expect([...models.refusedParameters('gpt-6.1-terra')]).toEqual(['temperature']);
    expect(models.refusedParameters('gpt-6-luna').size).toBe(0);
    await models.flushed();
    expect([...(await service({ records })).models.refusedParameters('gpt-6.1-terra')]).toEqual(['temperature']);
  });

  it('captions: a model a conversation refused is left alone for a month', async () => {
    let now = new Date('2026-12-03T09:00:00');
    const { models } = await service({ now: () => now });
    await models.refresh();
    expect(models.captionModels()[0]).toBe('gpt-realtime-whisper');
    models.captionsRefused('gpt-realtime-whisper');
    expect(models.captionModels()).not.toContain('gpt-realtime-whisper');
    now = new Date('2027-01-05T09:00:00');
    expect(models.captionModels()[0]).toBe('gpt-realtime-whisper');
  });

  it('a compatible endpoint keeps the user’s choices and is never nagged', async () => {
    const local = {
      object: 'list',
      data: [
        { id: 'llava:13b', object: 'model' },
        { id: 'kokoro', object: 'model' }
      ]
    };
    const { models, said } = await service({
      models: { describe: 'gpt-4o', speech: 'kokoro' },
      now: () => new Date('2027-06-01T09:00:00'),
      fetchImpl: async () => new Response(JSON.stringify(local), { status: 200 })
    });
    await models.refresh();
    models.announceShutdowns();
    expect(models.model('describe')).toBe('gpt-4o');
    expect(models.model('speech')).toBe('kokoro');
    expect(models.retired('describe', 'gpt-4o')).toBeNull();
    expect(models.status().catalogue.compatible).toBe(true);
    expect(said.filter((t) => /retired/.test(t))).toEqual([]);
  });
});
