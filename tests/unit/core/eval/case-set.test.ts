import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSets, loadSet } from '../../../../src/core/eval/case-set';
import { LumenError } from '../../../../src/shared/errors';
import { EVALS_DIR } from './eval-helpers';

async function setOf(cases: unknown, files: Record<string, string> = {}) {
  const evals = await mkdtemp(join(tmpdir(), 'lumen-evals-'));
  await mkdir(join(evals, 'one'));
  await writeFile(
    join(evals, 'one', 'cases.json'),
    typeof cases === 'string' ? cases : JSON.stringify({ format: 'lumen-eval-cases', version: 1, cases })
  );
  for (const [name, text] of Object.entries(files)) await writeFile(join(evals, 'one', name), text);
  return evals;
}

const ready = (input: object) => ({
  id: 'c',
  draft: false,
  input: { picture: null, mode: 'scene', question: null, ...input },
  expected: { requiredFacts: [['x']] }
});

const refusal = (evals: string) =>
  loadSet(evals, 'one').then(
    () => 'loaded',
    (error: LumenError) => `${error.code}: ${error.message}`
  );

describe('case sets', () => {
  it('lists the folders of evals/ that hold cases', async () => {
    expect(await listSets(EVALS_DIR)).toEqual(['documents', 'privacy', 'scenes', 'screens', 'smoke', 'spoken']);
  });

  it('reads a case’s picture and spoken question from beside cases.json, and leaves drafts out', async () => {
    const evals = await setOf(
      [
        ready({ pictureFile: 'p.png', audioFile: 'q.wav' }),
        { id: 'd', draft: true, input: { picture: null, mode: 'text', question: 'Q?' }, expected: {} }
      ],
      { 'p.png': 'picture bytes', 'q.wav': 'wav bytes' }
    );
    const set = await loadSet(evals, 'one');
    expect(set.cases.map((c) => c.case.id)).toEqual(['c']);
    expect(set.cases[0]!.picture!.toString()).toBe('picture bytes');
    expect(set.cases[0]!.audio!.toString()).toBe('wav bytes');
    expect(set.drafts).toEqual(['d']);
  });

  it('says which file and field is wrong, and never reads outside the set', async () => {
    expect(await refusal(await setOf('{ nope'))).toMatch(/^INVALID_REQUEST: .*one\/cases\.json is not JSON\.$/);
    expect(await refusal(await setOf([ready({ pictureFile: '../../secret.png' })]))).toMatch(
      /cases\.json: cases\.0\.input\.pictureFile: A file named by a case lies beside cases\.json: a plain name\.$/
    );
    expect(await refusal(await setOf([ready({ picture: 'AAAA', pictureFile: 'p.png' })]))).toMatch(
      /cases\.0\.input\.pictureFile: A case has its picture in base64 or in a file, not both\.$/
    );
    expect(await refusal(await setOf([ready({ pictureFile: 'gone.png' })]))).toMatch(
      /^INVALID_REQUEST: The case file .*one\/gone\.png is missing\.$/
    );
    expect(await refusal(await setOf([{ ...ready({}), expectedToFail: ['vibes'] }]))).toMatch(
      /cases\.0\.expectedToFail\.0: /
    );
  });
});
