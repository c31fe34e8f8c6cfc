import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../src/cli/run';
import { draftFromNote } from '../../../../src/core/eval/feedback-drafts';
import type { EventPayload } from '../../../../src/shared/contract';
import { evalCaseFileSchema } from '../../../../src/shared/eval-case';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { memoryCore, speakAsPage } from '../../helpers';

describe('facts drafted from a feedback note', () => {
  it('"X, not Y": X is required, Y is forbidden', () => {
    expect(draftFromNote('No, because it is blue, not red.')).toEqual({
      requiredFacts: [['blue']],
      forbiddenClaims: ['red']
    });
    expect(draftFromNote('The door is open rather than closed')).toEqual({
      requiredFacts: [['open']],
      forbiddenClaims: ['closed']
    });
  });

  it('something missed is required; something invented is forbidden', () => {
    expect(draftFromNote('It missed the stripes. There is no cat')).toEqual({
      requiredFacts: [['stripes']],
      forbiddenClaims: ['cat']
    });
    expect(draftFromNote("Wrong: it didn't mention the exit sign and there are no people")).toEqual({
      requiredFacts: [['exit sign']],
      forbiddenClaims: ['people']
    });
  });

  it('any other statement becomes a fact to check, and an empty note drafts nothing', () => {
    expect(draftFromNote('The kettle is on the left')).toEqual({
      requiredFacts: [['on the left']],
      forbiddenClaims: []
    });
    expect(draftFromNote('')).toEqual({ requiredFacts: [], forbiddenClaims: [] });
    expect(draftFromNote('No.')).toEqual({ requiredFacts: [], forbiddenClaims: [] });
  });
});

describe('lumen eval --add with a real export from the feedback service', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  /** Two answers given by a real core against the fake, one marked wrong with a note, one right; then exported. */
  async function exportFromApp(): Promise<string> {
    const core = await memoryCore({ env: { OPENAI_BASE_URL: fake.baseURL } });
    await core.router.invoke('secrets.setKey', { key: fake.apiKey });
    await core.router.invoke('settings.update', { speech: { provider: 'screen-reader', earcons: false } });
    speakAsPage(core);
    const done = new Set<string>();
    core.subscribe((channel, payload) => {
      if (channel === 'answer.done') done.add((payload as EventPayload<'answer.done'>).id);
    });
    const stripes = Array.from({ length: 10 }, (_, i) => `<rect x="${i * 32}" width="8" height="240" fill="#fff"/>`);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><rect width="320" height="240" fill="#2050d0"/>${stripes.join('')}</svg>`;
    const image = new Uint8Array(await sharp(Buffer.from(svg)).jpeg().toBuffer());
    const ids: string[] = [];
    for (const question of [undefined, 'Is it blue?']) {
      const described = await core.assistant.describe({ source: 'camera', image, question });
      await described.done;
      ids.push(described.id!);
    }
    expect([...done]).toEqual(ids);
    const give = (request: object) => core.router.invoke('feedback.give', request);
    await give({
      id: ids[0],
      right: false,
      note: 'No, because it missed the white stripes, not plain blue.',
      includePicture: true
    });
    await give({ id: ids[1], right: true });
    const exported = await core.router.invoke('feedback.export', {});
    await core.close();
    if (!exported.ok) throw new Error(exported.error.message);
    const file = join(await mkdtemp(join(tmpdir(), 'lumen-feedback-export-')), 'feedback.json');
    await writeFile(file, JSON.stringify(exported.value));
    return file;
  }

  async function add(file: string, evals: string) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['eval', '--add', file, '--evals', evals], {
      out: (line) => out.push(line),
      write: (text) => out.push(text),
      err: (line) => err.push(line),
      env: {},
      nodeVersion: process.versions.node
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('turns the answer marked wrong into a draft with facts from its note, once', async () => {
    const file = await exportFromApp();
    const evals = await mkdtemp(join(tmpdir(), 'lumen-evals-'));
    const first = await add(file, evals);
    expect(first.code, first.err).toBe(0);
    const casesFile = join(evals, 'feedback', 'cases.json');
    expect(first.out).toBe(
      `1 case drafts added to ${casesFile}.\n1 answers marked right were left out.\n` +
        'Check the drafted facts, add what else the answer must say, and set "draft" to false.'
    );
    const written = evalCaseFileSchema.parse(JSON.parse(await readFile(casesFile, 'utf8')));
    expect(written.cases).toHaveLength(1);
    const [draft] = written.cases;
    expect(draft).toMatchObject({
      draft: true,
      input: { mode: 'scene', question: null },
      expected: { requiredFacts: [['white stripes']], forbiddenClaims: ['plain blue'] },
      origin: { kind: 'feedback', right: false, model: 'gpt-6.1-terra' }
    });
    expect(draft!.input.picture).toEqual(expect.any(String));
    expect(draft!.origin!.answer).toMatch(/^A 320×240 image, mostly blue/);

    const again = await add(file, evals);
    expect(again.out).toMatch(
      /^0 case drafts added to .*\n1 were there already\.\n1 answers marked right were left out\.$/
    );
    expect(evalCaseFileSchema.parse(JSON.parse(await readFile(casesFile, 'utf8'))).cases).toHaveLength(1);
  }, 60_000);

  it('a file that is not a feedback export is said, not a crash', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-feedback-export-'));
    const file = join(dir, 'feedback.json');
    await writeFile(file, JSON.stringify({ format: 'something else' }));
    const run = await add(file, dir);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^.*feedback\.json: format: /);
  });
});
