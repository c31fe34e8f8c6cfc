import { describe, expect, it } from 'vitest';
import { CatalogueIndex, parseModelList, type Catalogue } from '../../../../src/core/models/catalogue';
import { chooseModel, successorOf, type ChoiceFacts } from '../../../../src/core/models/choice';
import { ROLE_CANDIDATES } from '../../../../src/core/models/table';
import type { ModelRole } from '../../../../src/shared/settings';

const ENDPOINT = 'https://api.openai.com/v1';

/** A catalogue as the service would list it: ids with their shutdown dates. */
function listed(models: Record<string, string | null>): CatalogueIndex {
  const body = { object: 'list', data: Object.entries(models).map(([id, shutdown_date]) => ({ id, shutdown_date })) };
  return new CatalogueIndex(parseModelList(body, ENDPOINT, new Date('2026-12-03T09:00:00Z')) as Catalogue);
}

/** Today's line-up from the service (../shared/MODELS.md). */
const TODAY_LINEUP = {
  'gpt-6.1-terra': null,
  'gpt-6-luna': null,
  'gpt-6.1-sol': null,
  'gpt-4o': '2027-01-14',
  'gpt-4o-mini': '2027-01-14',
  'gpt-realtime-2.1': null,
  'gpt-realtime-2.1-mini': null,
  'gpt-realtime': '2027-01-20',
  'gpt-4o-mini-tts': '2027-01-06',
  'gpt-4o-mini-transcribe': '2027-02-26',
  'gpt-realtime-whisper': null
};

const facts = (over: Partial<ChoiceFacts> = {}): ChoiceFacts => ({
  catalogue: listed(TODAY_LINEUP),
  today: '2026-12-03',
  retired: new Set(),
  ...over
});

describe('choosing a model for each job', () => {
  const table: Array<{
    name: string;
    role: ModelRole;
    chosen: string;
    facts: ChoiceFacts;
    model: string | null;
    replaced?: string;
  }> = [
    {
      name: 'no list yet: the first candidate',
      role: 'describe',
      chosen: '',
      facts: facts({ catalogue: undefined }),
      model: 'gpt-6.1-terra'
    },
    { name: "today's line-up, describe", role: 'describe', chosen: '', facts: facts(), model: 'gpt-6.1-terra' },
    { name: "today's line-up, quick", role: 'quick', chosen: '', facts: facts(), model: 'gpt-6-luna' },
    {
      name: "today's line-up, conversation",
      role: 'conversation',
      chosen: '',
      facts: facts(),
      model: 'gpt-realtime-2.1-mini'
    },
    {
      name: "today's line-up, speech through Realtime",
      role: 'speech',
      chosen: '',
      facts: facts(),
      model: 'gpt-realtime-2.1-mini'
    },
    { name: 'the user’s choice while available', role: 'describe', chosen: 'gpt-4o', facts: facts(), model: 'gpt-4o' },
    {
      name: 'a choice of a model the service lists but Lumen does not know',
      role: 'describe',
      chosen: 'gpt-6.1-sol',
      facts: facts(),
      model: 'gpt-6.1-sol'
    },
    {
      name: 'the user’s choice gone from the list',
      role: 'describe',
      chosen: 'gpt-4.1',
      facts: facts(),
      model: 'gpt-6.1-terra',
      replaced: 'gpt-4.1'
    },
    {
      name: 'shutdown today: the choice is replaced',
      role: 'describe',
      chosen: 'gpt-4o',
      facts: facts({ today: '2027-01-14' }),
      model: 'gpt-6.1-terra',
      replaced: 'gpt-4o'
    },
    {
      name: 'the day before its shutdown it is still used',
      role: 'describe',
      chosen: 'gpt-4o',
      facts: facts({ today: '2027-01-13' }),
      model: 'gpt-4o'
    },
    {
      name: 'a 404 seen before the date counts as retired',
      role: 'describe',
      chosen: 'gpt-4o',
      facts: facts({ retired: new Set(['gpt-4o']) }),
      model: 'gpt-6.1-terra',
      replaced: 'gpt-4o'
    },
    {
      name: 'no list yet and the table’s date passed',
      role: 'conversation',
      chosen: 'gpt-realtime',
      facts: facts({ catalogue: undefined, today: '2027-02-01' }),
      model: 'gpt-realtime-2.1-mini',
      replaced: 'gpt-realtime'
    },
    {
      name: 'the newest candidates not listed: the next one listed',
      role: 'describe',
      chosen: '',
      facts: facts({ catalogue: listed({ 'gpt-4o': '2027-01-14', 'gpt-4.1': null }) }),
      model: 'gpt-4.1'
    },
    {
      name: 'every candidate retired: none (offline from here)',
      role: 'describe',
      chosen: '',
      facts: facts({ retired: new Set(ROLE_CANDIDATES.describe) }),
      model: null
    },
    {
      name: 'an empty list: nothing is available',
      role: 'quick',
      chosen: 'gpt-6-luna',
      facts: facts({ catalogue: listed({}) }),
      model: 'gpt-6-luna'
    },
    {
      name: 'a compatible local server keeps the user’s choice whatever its name',
      role: 'describe',
      chosen: 'llava:13b',
      facts: facts({ catalogue: listed({ 'llava:13b': null, 'qwen2.5-vl': null }), today: '2027-06-01' }),
      model: 'llava:13b'
    },
    {
      name: 'a compatible server and no choice: the first model it lists',
      role: 'describe',
      chosen: '',
      facts: facts({ catalogue: listed({ 'qwen2.5-vl': null, 'llava:13b': null }) }),
      model: 'qwen2.5-vl'
    },
    {
      name: 'a compatible server keeps a retired-looking choice: never nagged',
      role: 'speech',
      chosen: 'tts-1',
      facts: facts({ catalogue: listed({ kokoro: null }), today: '2027-03-01' }),
      model: 'tts-1'
    }
  ];

  for (const row of table) {
    it(row.name, () => {
      const choice = chooseModel(row.role, row.chosen, row.facts);
      expect(choice.model).toBe(row.model);
      expect(choice.replaced).toBe(row.replaced);
    });
  }

  it('an empty list from the service is not compatible mode: the choice stands only if listed', () => {
    // No OpenAI model listed at all: Lumen cannot judge the names, so the user's choice stands.
    expect(listed({}).catalogue.compatible).toBe(true);
  });

  it('names the successor that outlives a model, never one that shuts down first', () => {
    expect(successorOf('describe', 'gpt-4o', facts())).toBe('gpt-6.1-terra');
    expect(successorOf('speech', 'gpt-4o-mini-tts', facts())).toBe('gpt-realtime-2.1-mini');
    expect(successorOf('conversation', 'gpt-realtime', facts())).toBe('gpt-realtime-2.1-mini');
    expect(
      successorOf(
        'describe',
        'gpt-4o',
        facts({ catalogue: listed({ 'gpt-4o': '2027-01-14', 'gpt-4.1': '2027-01-14' }) })
      )
    ).toBeNull();
  });
});

describe('reading the service’s list', () => {
  it('reads ids and shutdown dates and skips what is not a model', () => {
    const catalogue = parseModelList(
      {
        data: [
          { id: 'gpt-4o', shutdown_date: '2027-01-14' },
          { id: 'gpt-6.1-terra', shutdown_date: null },
          { id: 'gpt-6-luna' },
          { id: 'x'.repeat(10_000), shutdown_date: null },
          { id: 42 },
          null,
          'gpt-5',
          { id: 'gpt-4o', shutdown_date: '2099-01-01' },
          { id: 'gpt-4o-mini', shutdown_date: 'soon' }
        ]
      },
      ENDPOINT,
      new Date('2026-12-03T00:00:00Z')
    );
    expect(catalogue?.models).toEqual([
      { id: 'gpt-4o', shutdownDate: '2027-01-14' },
      { id: 'gpt-6.1-terra', shutdownDate: null },
      { id: 'gpt-6-luna', shutdownDate: null },
      { id: 'gpt-4o-mini', shutdownDate: null }
    ]);
    expect(catalogue?.compatible).toBe(false);
  });

  it('rejects what is not a list, and cuts a list of ten thousand', () => {
    for (const body of [null, 'garbage', { data: 'x' }, { models: [] }, 42]) {
      expect(parseModelList(body, ENDPOINT, new Date())).toBeUndefined();
    }
    const many = { data: Array.from({ length: 10_000 }, (_, i) => ({ id: `model-${i}`, shutdown_date: null })) };
    expect(parseModelList(many, ENDPOINT, new Date())?.models).toHaveLength(5000);
  });
});
